"""Rate limits: anonymous clients per IP address, partners per API key (Django's cache keeps the counts).

Rates are read from settings on every request, so they follow the environment and test overrides."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from .models import ApiKey


def _has_key(request) -> bool:
    return isinstance(request.auth, ApiKey)


class ConfiguredRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(ConfiguredRateMixin, AnonRateThrottle):
    """Requests without an API key, counted per client address."""

    def get_cache_key(self, request, view):
        return None if _has_key(request) else super().get_cache_key(request, view)


class PartnerThrottle(ConfiguredRateMixin, SimpleRateThrottle):
    """Requests with an API key, counted per key."""

    scope = "partner"

    def get_cache_key(self, request, view):
        if not _has_key(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
