from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from insurance.coverage import Coverage, cost_estimate, coverage_fit
from insurance.models import InsurancePlan

from . import guidance, matching, pagecache, selectors
from .compare import MAX_COMPARE, CompareList
from .curation.reports import TooManyReports, file_report
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
from .forms import MatchForm, ReportForm
from .geo import STATE_CHOICES
from .models import CareLevel, Program

HOME_PAGE_SIZE = 20


@pagecache.shared_with_everyone
def home(request):
    paginator = Paginator(selectors.program_list().order_by("name", "id"), HOME_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "programs/home.html",
        {"page": page, "programs": page.object_list, "care_levels": selectors.vocabulary_choices(CareLevel)},
    )


@pagecache.shared_with_everyone
def search(request):
    filterset = ProgramFilter(request.GET, queryset=selectors.program_list())
    page_form = PageForm(request.GET)
    filters_valid = filterset.is_valid()
    panel = {
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "state_choices": STATE_CHOICES,
        "plan_choices": selectors.vocabulary_choices(InsurancePlan),
        "compare": CompareList(request.session),
    }
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
    coverage = _with_coverage(request, page.object_list)
    radius = filterset.form.cleaned_data.get("radius") or DEFAULT_RADIUS
    context = {
        "coverage": coverage,
        "coverage_query": _coverage_query(request, coverage),
        **panel,
        "filterset": filterset,
        "radius": radius,
        # The radius searched stays selectable even when it is not one of the usual choices.
        "radius_choices": sorted({*RADIUS_CHOICES, radius}),
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


@pagecache.shared_with_everyone
def program_detail(request, pk: int):
    try:
        program = selectors.program_detail(pk=pk)
    except Program.DoesNotExist:
        survivor = selectors.merged_into(pk=pk)
        if survivor:  # a duplicate merged into another listing: old links still work
            return redirect("programs:detail", pk=survivor, permanent=True)
        raise Http404("No such program") from None
    coverage = _with_coverage(request, [program])
    context = {
        "program": program,
        "coverage": coverage,
        "estimate": cost_estimate(program, coverage),
        "compare": CompareList(request.session),
        "signs": guidance.signs_of_quality(program),
        "questions": guidance.questions_to_ask(program),
        "report_form": ReportForm(),
    }
    return render(request, "programs/detail.html", context)


@require_POST
def report_problem(request, pk: int):
    """The "report wrong information" form: anyone may send one, without an account, a few an hour."""
    program = get_object_or_404(selectors.program_list(), pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "programs/report.html", {"program": program, "report_form": form}, status=400)
    try:
        file_report(program=program, address=_client_address(request), **form.cleaned_data)
    except TooManyReports as exc:
        return render(request, "programs/report.html", {"program": program, "limited": str(exc)}, status=429)
    messages.success(request, _("Thank you. A curator will check this listing."))
    return redirect(program)


def _client_address(request) -> str:
    """The sender's IP address. Behind N reverse proxies (the API's NUM_PROXIES), the N-th from the
    right in X-Forwarded-For."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def compare(request):
    compare_list = CompareList(request.session)
    programs = selectors.programs_for_compare(ids=compare_list.ids)
    coverage = _with_coverage(request, programs)
    for program in programs:
        program.estimate = cost_estimate(program, coverage)
    context = {
        "coverage": coverage,
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


def _with_coverage(request, programs) -> Coverage | None:
    """The coverage the person gave (kept in their session); sets `coverage_fit` on each program."""
    coverage = Coverage.from_session(request.session)
    for program in programs:
        program.coverage_fit = coverage_fit(program, coverage) if coverage else None
    return coverage


def _coverage_query(request, coverage: Coverage | None) -> str:
    """This search narrowed to programs taking the person's coverage ("" when it already is)."""
    if coverage is None:
        return ""
    query = request.GET.copy()
    params = coverage.search_params()
    if all(value in query.getlist(name) for name, value in params):
        return ""
    for name, value in params:
        if value not in query.getlist(name):
            query.appendlist(name, value)
    query.pop("page", None)
    return query.urlencode()


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


@never_cache
@require_http_methods(["GET", "POST"])
def match(request):
    """The level-of-care guide. Answers come by POST and are used once: never stored or put in a URL."""
    if request.method == "GET":
        return render(request, "programs/match.html", {"form": MatchForm()})
    form = MatchForm(request.POST)
    if not form.is_valid():
        return render(request, "programs/match.html", {"form": form}, status=400)
    recommendation = matching.recommend(form.answers())
    near = [("near", form.cleaned_data["near"])] if form.cleaned_data["near"] else []
    context = {"recommendation": recommendation, "search_query": urlencode([*recommendation.search_params, *near])}
    return render(request, "programs/match_result.html", context)
