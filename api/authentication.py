"""Partners identify themselves with an API key; everyone else reads anonymously."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiKey

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>` or `X-Api-Key: <key>`. A valid key sets `request.auth` to the
    ApiKey (the user stays anonymous); a wrong or revoked key is refused rather than read anonymously,
    so a partner notices."""

    def authenticate(self, request):
        key = self.key_from(request)
        if key is None:
            return None
        api_key = ApiKey.objects.matching(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        return AnonymousUser(), api_key

    def authenticate_header(self, request):
        return KEYWORD

    @staticmethod
    def key_from(request) -> str | None:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == KEYWORD.lower() and value.strip():
            return value.strip()
        value = request.headers.get("X-Api-Key", "").strip()
        return value or None


class ApiKeySchema(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key (the Authorization header form works too)."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": f"A partner's key, for a higher rate limit; `Authorization: {KEYWORD} <key>` works too.",
        }
