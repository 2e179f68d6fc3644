from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import guidance, selectors
from .compare import MAX_COMPARE, CompareList
from .facets import facet_counts
from .filters import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_RADIUS,
    RADIUS_CHOICES,
    SORT_CHOICES,
    PageForm,
    ProgramFilter,
    describe_errors,
)
from .models import CareLevel, Program

HOME_PAGE_SIZE = 20


def home(request):
    paginator = Paginator(selectors.program_list().order_by("name", "id"), HOME_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "programs/home.html",
        {"page": page, "programs": page.object_list, "care_levels": selectors.vocabulary_choices(CareLevel)},
    )


def search(request):
    filterset = ProgramFilter(request.GET, queryset=selectors.program_list())
    page_form = PageForm(request.GET)
    filters_valid = filterset.is_valid()
    panel = {"radius_choices": RADIUS_CHOICES, "sort_choices": SORT_CHOICES, "compare": CompareList(request.session)}
    if not (page_form.is_valid() and filters_valid):
        # Show the full filter panel (without this search's counts) beside the explanation.
        blank = ProgramFilter({}, queryset=selectors.program_list())
        blank.is_valid()
        context = {
            **panel,
            "filterset": filterset,
            "facets": facet_counts(blank),
            "radius": DEFAULT_RADIUS,
            "errors": describe_errors(filterset.form, page_form),
        }
        return render(request, "programs/search.html", context, status=400)

    page_size = page_form.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
    paginator = Paginator(filterset.qs, page_size)
    page = paginator.get_page(page_form.cleaned_data["page"])
    context = {
        **panel,
        "filterset": filterset,
        "radius": int(filterset.form.cleaned_data.get("radius") or DEFAULT_RADIUS),
        "page": page,
        "programs": page.object_list,
        "facets": facet_counts(filterset),
        "place": filterset.place,
        "relax": _relaxations(request, filterset) if paginator.count == 0 else [],
        "query_without_page": _query_without(request),
    }
    context["htmx"] = bool(request.headers.get("HX-Request"))
    template = "programs/_results.html" if context["htmx"] else "programs/search.html"
    return render(request, template, context)


def program_detail(request, pk: int):
    try:
        program = selectors.program_detail(pk=pk)
    except Program.DoesNotExist:
        raise Http404("No such program") from None
    context = {
        "program": program,
        "compare": CompareList(request.session),
        "signs": guidance.signs_of_quality(program),
        "questions": guidance.questions_to_ask(program),
    }
    return render(request, "programs/detail.html", context)


def compare(request):
    compare_list = CompareList(request.session)
    programs = selectors.programs_for_compare(ids=compare_list.ids)
    context = {
        "programs": programs,
        "max_compare": MAX_COMPARE,
        "compare": compare_list,
    }
    return render(request, "programs/compare.html", context)


@require_POST
def compare_toggle(request, pk: int):
    if not selectors.program_list().filter(pk=pk).exists():
        raise Http404("No such program")
    compare_list = CompareList(request.session)
    message = compare_list.toggle(pk)
    if message:
        messages.warning(request, message)
    return redirect(_safe_next(request) or reverse("programs:compare"))


def _relaxations(request, filterset) -> list[dict]:
    """For an empty result: which filter to drop, how many programs that gives, and the link."""
    return [
        {"label": label, "count": count, "query": _query_without(request, *names)}
        for names, label, count in selectors.relaxations(filterset)
    ]


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return query.urlencode()


def _safe_next(request) -> str | None:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else None
