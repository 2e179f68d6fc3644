"""The compare list: 2-4 programs a person picked, kept in their session (no login)."""

from django.utils.translation import gettext as _

MAX_COMPARE = 4
SESSION_KEY = "compare"


class CompareList:
    def __init__(self, session):
        self.session = session

    @property
    def ids(self) -> list[int]:
        return list(self.session.get(SESSION_KEY, []))

    def __contains__(self, pk: int) -> bool:
        return pk in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def toggle(self, pk: int) -> str | None:
        """Add or remove a program; returns a message when the list is full."""
        ids = self.ids
        if pk in ids:
            ids.remove(pk)
        elif len(ids) >= MAX_COMPARE:
            return _("You can compare up to %(max)d programs. Remove one first.") % {"max": MAX_COMPARE}
        else:
            ids.append(pk)
        self.session[SESSION_KEY] = ids
        return None
