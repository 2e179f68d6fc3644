"""Handing a shortlist to the client: the print view, the CSV export and the read-only share link.

Notes are left out unless the case manager asks for them (print, CSV), and never reach a share link."""

import csv
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from insurance.coverage import Coverage, Estimate, Fit, cost_estimate, coverage_fit
from programs.guidance import questions_to_ask
from programs.models import Program

from . import selectors, services
from .access import client_or_404, member_required
from .forms import ShareForm
from .models import AuditEntry, ShortlistItem

Action = AuditEntry.Action
# Spreadsheet programs run a cell starting with these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Entry:
    """One program of a hand-off, with what it means for this client."""

    item: ShortlistItem
    program: Program
    estimate: Estimate
    fit: Fit | None
    questions: list[str]

    @property
    def you_may_pay(self) -> str:
        if self.fit is None:
            # The public pages' wording asks the visitor to enter their coverage: meaningless on paper.
            return _("Depends on your coverage: ask the program what you would pay.")
        return self.estimate.you_may_pay

    @property
    def listed(self) -> bool:
        return self.program.status == Program.Status.PUBLISHED

    @property
    def schedule(self) -> str:
        program = self.program
        times = [
            label
            for label, offered in (
                (_("daytime"), program.schedule_daytime),
                (_("evenings"), program.schedule_evening),
                (_("weekends"), program.schedule_weekend),
            )
            if offered
        ]
        parts = []
        if program.hours_per_week is not None:
            parts.append(_("%(hours)s hours a week") % {"hours": f"{program.hours_per_week.normalize():f}"})
        if program.sessions_per_week is not None:
            sessions = program.sessions_per_week
            parts.append(ngettext("%(n)d session a week", "%(n)d sessions a week", sessions) % {"n": sessions})
        if program.typical_weeks:
            parts.append(_("about %(weeks)d weeks") % {"weeks": program.typical_weeks})
        if times:
            parts.append(", ".join(times))
        if program.telehealth:
            parts.append(_("telehealth offered"))
        return "; ".join(parts) or _("Not reported: ask")


def entries(items: list[ShortlistItem], coverage: Coverage | None) -> list[Entry]:
    """The hand-off of a shortlist: cost, coverage fit and questions to ask for each program."""
    return [
        Entry(
            item=item,
            program=item.program,
            estimate=cost_estimate(item.program, coverage),
            fit=coverage_fit(item.program, coverage) if coverage else None,
            questions=questions_to_ask(item.program),
        )
        for item in items
    ]


@member_required
@require_safe
def shortlist_print(request, client_id):
    client = client_or_404(request, client_id)
    with_notes = request.GET.get("notes") == "1"
    services.audit(request.user, Action.SHORTLIST_PRINT, client)
    context = {
        "client": client,
        "entries": entries(selectors.shortlist(client=client), client.coverage),
        "coverage": client.coverage,
        "with_notes": with_notes,
        "today": timezone.localdate(),
    }
    return render(request, "casework/print.html", context)


@member_required
@require_safe
def shortlist_csv(request, client_id):
    client = client_or_404(request, client_id)
    with_notes = request.GET.get("notes") == "1"
    services.audit(request.user, Action.SHORTLIST_EXPORT, client)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The file name carries the date, never the alias.
    response["Content-Disposition"] = f'attachment; filename="shortlist-{today:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    header = [
        "Order", "Program", "Provider", "Address", "City", "State", "ZIP", "Intake phone", "Website", "Schedule",
        "Cost", "Coverage", "What they may pay", "Referral status", "Status changed", "Listing",
    ]  # fmt: skip
    writer.writerow([*header, "Private note"] if with_notes else header)
    for number, entry in enumerate(entries(selectors.shortlist(client=client), client.coverage), start=1):
        program, location, item = entry.program, entry.program.location, entry.item
        row = [
            number,
            program.display_name,
            location.provider.name,
            " ".join(filter(None, [location.street1, location.street2])),
            location.city,
            location.state,
            location.zip_code,
            program.intake_phone,
            program.website,
            entry.schedule,
            entry.estimate.explanation,
            entry.fit.label if entry.fit else "",
            entry.you_may_pay,
            item.get_status_display(),
            f"{item.status_changed_at:%Y-%m-%d}",
            request.build_absolute_uri(program.get_absolute_url()),
        ]
        writer.writerow([_cell(value) for value in ([*row, item.note] if with_notes else row)])
    return response


def _cell(value):
    """Text as a spreadsheet shows it, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@member_required
@require_POST
def share_create(request, client_id):
    client = client_or_404(request, client_id)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how many days the link works, from 1 to 30.")
        return redirect("casework:client", client.pk)
    link, token = services.share_create(client=client, by=request.user, days=form.cleaned_data["days"])
    services.audit(request.user, Action.SHARE_CREATE, link)
    url = request.build_absolute_uri(reverse("casework:shared", args=[token]))
    # The link is shown once: only its hash is stored, so it cannot be shown again.
    return render(request, "casework/share_created.html", {"client": client, "link": link, "url": url})


@member_required
@require_POST
def share_revoke(request, link_id):
    link = get_object_or_404(selectors.share_links_visible_to(request.user), pk=link_id)
    services.share_revoke(link=link)
    services.audit(request.user, Action.SHARE_REVOKE, link)
    messages.success(request, "The share link no longer works.")
    return redirect("casework:client", link.client_id)


@never_cache
@require_safe
def shared(request, token):
    """The client's read-only view of their shortlist: programs only, no notes, no statuses, no alias."""
    link = selectors.share_link_by_token(token)
    if link is None or not link.is_usable:
        response = render(request, "casework/share_gone.html", status=404 if link is None else 410)
    else:
        services.audit(request.user if request.user.is_authenticated else None, Action.SHARE_VIEW, link)
        client = link.client
        context = {"entries": entries(selectors.shortlist(client=client), client.coverage), "link": link}
        response = render(request, "casework/shared.html", context)
    # The token is the key: keep it out of other sites' Referer headers and out of search engines. Not
    # no-referrer: browsers would send the page's forms (the language switch) with "Origin: null", refused
    # by the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
