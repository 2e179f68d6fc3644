"""Sign-in hardening: login throttling (django-axes) and idle expiry of signed-in sessions."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.utils.cache import add_never_cache_headers
from rest_framework.throttling import BaseThrottle


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout for every sign-in form. Code that authenticates without a request (the test
    client's login(), scripts) is not a guess over the network, so it is not throttled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """The address failed sign-ins are counted by: the same rule as the API's rate limits (API_NUM_PROXIES
    reverse proxies, read from the right of X-Forwarded-For; none: the connection's address)."""
    return BaseThrottle().get_ident(request)


class IdleTimeoutMiddleware:
    """Signed-in sessions end after SESSION_IDLE_SECONDS without a request; every request starts the
    countdown again. Anonymous sessions (compare list, coverage) keep Django's lifetime.

    A public page that listed a case manager's clients (the add-to-shortlist picker) is not cached either,
    as workspace pages are not (access.member_required): no alias stays behind on a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view, so the request that signs in starts the countdown too.
        if request.user.is_authenticated:
            request.session.set_expiry(settings.SESSION_IDLE_SECONDS)
        if getattr(request, "shows_client_data", False):
            add_never_cache_headers(response)
        return response
