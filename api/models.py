"""API keys for partners who need more than the anonymous rate limit."""

import hashlib
import secrets

from django.db import models


def hash_key(key: str) -> str:
    """SHA-256 of a key: keys are long random tokens, so a fast hash is enough and lookups stay indexed."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def matching(self, key: str) -> "ApiKey | None":
        """The active key with this value, or None."""
        return self.filter(hashed_key=hash_key(key), active=True).first()


class ApiKey(models.Model):
    """A partner's key; only its hash is stored, so a lost key is replaced, never recovered."""

    name = models.CharField(max_length=120, help_text="Who holds the key, e.g. the partner's name")
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(default=True, help_text="Untick to revoke the key")
    created = models.DateTimeField(auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, *, name: str) -> tuple["ApiKey", str]:
        """Create a key for `name`; returns the row and the key itself, which is shown only this once."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(name=name, hashed_key=hash_key(key)), key
