"""Who may open the workspace: signed-in case managers with an active membership (agency admins for the
agency pages). Object-level access is the selectors' job."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from . import selectors
from .selectors import membership_of


def member_required(view):
    """Anonymous → sign-in page; signed in without an active membership → 403; else `request.membership`.
    No response is cached: client data must not stay in a shared computer's or a proxy's cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.membership = membership_of(request.user)
        if request.membership is None:
            response = render(request, "casework/forbidden.html", {"reason": "member"}, status=403)
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def agency_admin_required(view):
    """As member_required, and the membership must be an agency admin's."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.membership.is_admin:
            return render(request, "casework/forbidden.html", {"reason": "admin"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def client_or_404(request, client_id):
    """A client the person may see, or 404 whether it exists or not."""
    clients = selectors.clients_visible_to(request.user).select_related("coverage_plan")
    return get_object_or_404(clients, pk=client_id)


def item_or_404(request, item_id):
    """A shortlist item of a client the person may see, or 404."""
    return get_object_or_404(selectors.items_visible_to(request.user).select_related("client"), pk=item_id)
