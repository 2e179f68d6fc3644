"""Anonymous search and program pages and API answers, cached until the listings change.

A busy day is mostly the same searches by people without a session: their pages are the same for
everyone. They are kept in the cache (Redis with CACHE_URL) under the listings' version, a number in
the database that grows in the same transaction as any change to what the public pages show:

- every model save or many-to-many change in `programs` and `insurance` (admin, curation, restore);
- the feed import as a whole (`batch`: its bulk writes send no signals; it bumps once, if it
  changed anything);
- the curation services' bulk updates (merge, verify, status, closing reports: every history entry),
  and a problem report that makes a program page warn, call `listings_changed`.

A page read under version N is stored under N, so a change makes every cached page unreachable at the
moment it commits: results never lag. PAGE_CACHE_SECONDS bounds how long an entry lives (0: off).

Only requests without a session or messages are served from the cache: a compare list, a saved
coverage or a signed-in case manager change the page. The CSRF token in the page's forms is a
placeholder in the cache and the request's own token when served."""

import hashlib
import threading
from contextlib import contextmanager
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

WATCHED_APPS = ("programs", "insurance")
# Models of those apps that no cached page shows, and the version itself. A problem report changes the
# program page only once enough people reported it: file_report says so then.
UNSHOWN = {
    "programs.ListingsVersion", "programs.HistoricalProgram", "programs.SourceAlias", "programs.NotDuplicate",
    "programs.Verification", "programs.ProblemReport",
}  # fmt: skip
# Deleting these sends post_delete; bulk deletes of the rest (the refresh's) stay fast deletes and are
# covered by `batch` or by the save of the listing they belong to.
DELETE_WATCHED = ("programs.Program", "programs.Location", "programs.Provider")
CSRF_PLACEHOLDER = "csrf-token-of-the-request-7c1e"
_local = threading.local()


def current_version() -> int:
    from .models import ListingsVersion

    return ListingsVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def listings_changed() -> None:
    """Make every cached page stale, when the current transaction commits (now, outside one)."""
    if getattr(_local, "batch_depth", 0):
        _local.batch_changed = True
        return
    from .models import ListingsVersion

    if not ListingsVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ListingsVersion.objects.update_or_create(pk=1, defaults={"number": 1})


@contextmanager
def batch():
    """One version bump for many writes (a feed import): signals inside only note that something changed;
    call `listings_changed()` inside for bulk writes that send none."""
    _local.batch_depth = getattr(_local, "batch_depth", 0) + 1
    if _local.batch_depth == 1:
        _local.batch_changed = False
    try:
        yield
    finally:
        _local.batch_depth -= 1
    if _local.batch_depth == 0 and _local.batch_changed:
        listings_changed()


def connect_signals() -> None:
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label not in UNSHOWN:
                post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache.save.{model._meta.label}")
    for label in DELETE_WATCHED:
        post_delete.connect(_changed, sender=apps.get_model(label), dispatch_uid=f"pagecache.delete.{label}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache.m2m")


def _changed(sender, **kwargs):
    if not kwargs.get("raw"):  # loaddata
        listings_changed()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and instance._meta.app_label in WATCHED_APPS:
        listings_changed()


def cacheable(request) -> bool:
    """Whether this request's page is everyone's: a GET without a session (so no signed-in user, compare
    list or saved coverage) and without messages waiting."""
    if request.method != "GET" or not settings.PAGE_CACHE_SECONDS:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def key(request, kind: str) -> str:
    """The cache key of this request's page: kind, language, full URL and today's date (pages say how
    many days ago a listing was confirmed), under the listings' version."""
    raw = f"{kind}|{get_language()}|{request.build_absolute_uri()}|{timezone.localdate()}"
    if request.headers.get("HX-Request"):
        raw += "|htmx"
    return f"page:{current_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def shared_with_everyone(view):
    """Decorate a GET view whose page is the same for everyone without a session: such requests are answered
    from the cache (`cached_page`), the rest as usual."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs))

    return wrapper


def cached_page(request, render) -> HttpResponse:
    """The page `render()` returns, from the cache when the request may share it. Only 200 answers are
    stored; anything else is answered as rendered."""
    if not cacheable(request):
        return render()
    page_key = key(request, "page")
    stored = cache.get(page_key)
    if stored is None:
        request.building_shared_page = True  # its forms carry the placeholder (csrf_placeholder)
        try:
            response = render()
        finally:
            request.building_shared_page = False
        if response.status_code != 200 or response.cookies:
            return _with_token(request, response)
        stored = (response.content.decode(response.charset), response["Content-Type"])
        cache.set(page_key, stored, settings.PAGE_CACHE_SECONDS)
    content, content_type = stored
    return HttpResponse(content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type)


def csrf_placeholder(request) -> dict:
    """Context processor, after Django's own csrf one: while a page is built for everyone, its forms carry
    the placeholder instead of this request's token."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "building_shared_page", False) else {}


def _with_token(request, response: HttpResponse) -> HttpResponse:
    response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response


def cached_data(request, compute):
    """The JSON-ready dict `compute()` returns, from the cache for the same query in the same version
    (answers with "errors" are not kept). API answers depend on no session: every request may share them."""
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    data_key = key(request, "api")
    data = cache.get(data_key)
    if data is None:
        data = compute()
        if "errors" not in data:
            cache.set(data_key, data, settings.PAGE_CACHE_SECONDS)
    return data
