from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .coverage import SESSION_KEY, Coverage
from .forms import CoverageForm


def coverage(request):
    """Say once what coverage you have; it is kept in your session (never in the URL) and shown on
    the search, program and compare pages."""
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("programs:search")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("programs:search")
    current = Coverage.from_session(request.session)
    if request.method == "POST":
        if "forget" in request.POST:
            request.session.pop(SESSION_KEY, None)
            return redirect(next_url)
        form = CoverageForm(request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = form.coverage().as_session()
            return redirect(next_url)
        status = 400
    else:
        initial = current.as_session() if current else {}
        form = CoverageForm(initial=initial)
        status = 200
    return render(request, "insurance/coverage.html", {"form": form, "current": current, "next": next_url},
                  status=status)  # fmt: skip
