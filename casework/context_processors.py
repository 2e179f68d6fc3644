"""What public pages need to offer signed-in case managers "add to a client's shortlist"."""

from functools import cached_property

from . import selectors
from .models import AuditEntry
from .services import audit


class ShortlistPicker:
    """The person's clients for the add-to-shortlist form, loaded (and audited) once per request, only if a
    page shows the form."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def clients(self) -> list:
        clients = list(selectors.clients_visible_to(self.request.user).only("id", "alias"))
        audit(self.request.user, AuditEntry.Action.CLIENT_LIST)
        # The page now shows aliases: see security.IdleTimeoutMiddleware.
        self.request.shows_client_data = True
        return clients


def workspace(request) -> dict:
    """For active case managers: `casework_member` (nav link) and `shortlist_picker`; nothing for anyone
    else, so anonymous pages run no extra query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None) or selectors.membership_of(user)
    if membership is None:
        return {}
    return {"casework_member": membership, "shortlist_picker": ShortlistPicker(request)}
