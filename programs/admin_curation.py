"""The curation screens of the listing admin: verify, history and restore, possible duplicates and
merge, data quality, and the bulk status actions. Thin callers of programs.curation."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .curation.duplicates import (
    BOTH,
    ROW_FACTS,
    best_choices,
    default_survivor,
    fact_values,
    find_duplicates,
    mark_not_duplicate,
    merge_facts,
    merge_programs,
)
from .curation.history import listing_history, restore_field
from .curation.quality import QUALITY_COLUMNS, quality_counts, quality_totals
from .curation.verification import set_status, verify_programs
from .models import Program, Verification

DUPLICATES_PER_PAGE = 20


class VerifyForm(forms.Form):
    method = forms.ChoiceField(choices=Verification.Method.choices, initial=Verification.Method.PHONE)
    checked = forms.MultipleChoiceField(
        choices=Verification.Fact.choices, required=False, widget=forms.CheckboxSelectMultiple, label="What you checked"
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text="e.g. who you spoke to, what changed")  # fmt: skip
    resolve_reports = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, open_reports: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if open_reports:
            self.fields["resolve_reports"].label = f"Resolve its {open_reports} open problem report(s)"
        else:
            del self.fields["resolve_reports"]


class MergeForm(forms.Form):
    """Which listing survives, and per fact whose value it keeps (or both sets of rows)."""

    def __init__(self, *args, first: Program, second: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = (first, second)
        self.values = {first.pk: fact_values(first), second.pk: fact_values(second)}
        ids = [str(first.pk), str(second.pk)]
        self.fields["survivor"] = forms.ChoiceField(
            choices=[(ids[0], f"#{first.pk}"), (ids[1], f"#{second.pk}")],
            initial=str(default_survivor(first, second).pk),
            widget=forms.RadioSelect,
        )
        defaults = best_choices(first, second)
        for name, label in merge_facts():
            choices = [(ids[0], _show(self.values[first.pk][name])), (ids[1], _show(self.values[second.pk][name]))]
            if ROW_FACTS.get(name, ((), ()))[1]:
                choices.append((BOTH, "both"))
            self.fields[f"keep_{name}"] = forms.ChoiceField(
                label=label, choices=choices, initial=defaults[name], widget=forms.RadioSelect
            )

    def rows(self):
        """(label, bound field, values differ) per fact, for the side-by-side table."""
        first, second = self.pair
        return [
            (label, self[f"keep_{name}"], self.values[first.pk][name] != self.values[second.pk][name])
            for name, label in merge_facts()
        ]

    def keep(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"keep_{name}"] for name, _ in merge_facts()}


def _show(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value)
    text = str(value)
    return text if len(text) <= 160 else text[:160] + "…"


class CurationMixin:
    """Verify, history, duplicates, merge and data-quality views and the curation actions of the
    Program admin."""

    change_form_template = "admin/programs/program/change_form.html"
    change_list_template = "admin/programs/program/change_list.html"
    actions = ["mark_verified", "publish", "unpublish", "withdraw", "restore"]

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("programs.verify_program")

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("programs.merge_program")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("quality/", view(self.quality_view), name="programs_program_quality"),
            path("duplicates/", view(self.duplicates_view), name="programs_program_duplicates"),
            path("merge/<int:first>/<int:second>/", view(self.merge_view), name="programs_program_merge"),
            path("<path:object_id>/verify/", view(self.verify_view), name="programs_program_verify"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    # --- verify ----------------------------------------------------------------------------------
    def verify_view(self, request, object_id):
        if not self.has_verify_permission(request):
            raise PermissionDenied
        program = get_object_or_404(Program.objects.with_open_reports(), pk=object_id)
        form = VerifyForm(request.POST or None, open_reports=program.open_reports or 0)
        if request.method == "POST" and form.is_valid():
            verify_programs(programs=[program], user=request.user, **form.cleaned_data)
            self.message_user(request, f"Recorded your verification of “{program}”.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:programs_program_change", args=[program.pk]))
        verifications = program.verifications.select_related("verified_by")[:20]
        return TemplateResponse(request, "admin/programs/program/verify.html",
                                self._context(request, f"Verify {program}", program=program, form=form,
                                              verifications=verifications, original=program))  # fmt: skip

    @admin.action(description="Mark selected listings verified…", permissions=["verify"])
    def mark_verified(self, request, queryset):
        form = VerifyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = len(verify_programs(programs=queryset, user=request.user, **form.cleaned_data))
            self.message_user(request, f"Recorded the verification of {count} listing(s).", messages.SUCCESS)
            return None
        context = self._context(request, "Mark listings verified", form=form, programs=queryset,
                                selected=request.POST.getlist(ACTION_CHECKBOX_NAME))  # fmt: skip
        return TemplateResponse(request, "admin/programs/program/verify_selected.html", context)

    # --- status ----------------------------------------------------------------------------------
    def _set_status(self, request, queryset, status: str, verb: str) -> None:
        count = set_status(programs=queryset, status=status, user=request.user)
        self.message_user(request, f"{verb} {count} listing(s); feed refreshes will leave their status alone.",
                          messages.SUCCESS)  # fmt: skip

    @admin.action(description="Publish selected unpublished listings", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset.filter(status=Program.Status.UNPUBLISHED), Program.Status.PUBLISHED,
                         "Published")  # fmt: skip

    @admin.action(description="Unpublish selected listings (hide, keep)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Program.Status.UNPUBLISHED, "Unpublished")

    @admin.action(description="Withdraw selected listings (closed or gone)", permissions=["change"])
    def withdraw(self, request, queryset):
        self._set_status(request, queryset, Program.Status.WITHDRAWN, "Withdrew")

    @admin.action(description="Restore selected withdrawn listings", permissions=["change"])
    def restore(self, request, queryset):
        self._set_status(request, queryset.filter(status=Program.Status.WITHDRAWN), Program.Status.PUBLISHED,
                         "Restored")  # fmt: skip

    # --- history ---------------------------------------------------------------------------------
    def history_view(self, request, object_id, extra_context=None):
        program = get_object_or_404(Program, pk=object_id)
        if not self.has_view_permission(request, program):
            raise PermissionDenied
        can_restore = self.has_change_permission(request, program)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            try:
                restore_field(program=program, history_id=int(request.POST["history_id"]),
                              name=request.POST["field"], user=request.user)  # fmt: skip
            except (KeyError, ValueError, program.history.model.DoesNotExist) as exc:
                self.message_user(request, f"Nothing restored: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"Restored {request.POST['field']}; it is now locked against feed "
                                           "refreshes.", messages.SUCCESS)  # fmt: skip
            return HttpResponseRedirect(request.path)
        context = self._context(request, f"History: {program}", program=program, original=program,
                                entries=listing_history(program=program), can_restore=can_restore)  # fmt: skip
        return TemplateResponse(request, "admin/programs/program/listing_history.html", context)

    # --- duplicates and merge --------------------------------------------------------------------
    def duplicates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_merge_permission(request):
                raise PermissionDenied
            first = get_object_or_404(Program, pk=request.POST.get("first"))
            second = get_object_or_404(Program, pk=request.POST.get("second"))
            mark_not_duplicate(first=first, second=second, user=request.user)
            self.message_user(request, f"#{first.pk} and #{second.pk} will no longer be paired.", messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        page = Paginator(find_duplicates(), DUPLICATES_PER_PAGE).get_page(request.GET.get("page"))
        ids = {pk for pair in page.object_list for pk in (pair.first_id, pair.second_id)}
        loaded = (
            Program.objects.with_confirmation()
            .filter(pk__in=ids)
            .select_related("location", "location__provider")
            .prefetch_related("care_levels", "phones")
        )
        programs = {program.pk: program for program in loaded}
        pairs = [(pair, programs[pair.first_id], programs[pair.second_id]) for pair in page.object_list]
        context = self._context(request, "Possible duplicates", page=page, pairs=pairs,
                                can_merge=self.has_merge_permission(request))  # fmt: skip
        return TemplateResponse(request, "admin/programs/program/duplicates.html", context)

    def merge_view(self, request, first: int, second: int):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        listings = Program.objects.select_related("location", "location__provider").with_confirmation()
        pair = (get_object_or_404(listings, pk=first), get_object_or_404(listings, pk=second))
        form = MergeForm(request.POST or None, first=pair[0], second=pair[1])
        if request.method == "POST" and form.is_valid():
            survivor, other = pair if form.cleaned_data["survivor"] == str(pair[0].pk) else pair[::-1]
            try:
                merge_programs(survivor=survivor, other=other, keep=form.keep(), user=request.user)
            except ValueError as exc:
                self.message_user(request, f"Not merged: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"Merged #{other.pk} into #{survivor.pk}: its feed ids now update "
                                           f"#{survivor.pk}.", messages.SUCCESS)  # fmt: skip
                return HttpResponseRedirect(reverse("admin:programs_program_change", args=[survivor.pk]))
        context = self._context(request, "Merge two listings", form=form, first=pair[0], second=pair[1])
        return TemplateResponse(request, "admin/programs/program/merge.html", context)

    # --- data quality ----------------------------------------------------------------------------
    def quality_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = quality_counts()
        columns = [(column, heading, query) for column, heading, query in QUALITY_COLUMNS]
        table = [
            (row, [(row[column], f"location__state__exact={row['state']}&status__exact=published&{query}")
                   for column, _, query in columns])
            for row in rows
        ]  # fmt: skip
        totals = quality_totals(rows)
        context = self._context(request, "Data quality", columns=columns, table=table, totals=totals,
                                total_cells=[(totals[column], f"status__exact=published&{query}")
                                             for column, _, query in columns])  # fmt: skip
        return TemplateResponse(request, "admin/programs/program/quality.html", context)
