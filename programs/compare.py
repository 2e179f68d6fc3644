"""The compare list: 2-4 programs a person picked, kept in their session (no login)."""

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
            return f"You can compare up to {MAX_COMPARE} programs. Remove one first."
        else:
            ids.append(pk)
        self.session[SESSION_KEY] = ids
        return None
