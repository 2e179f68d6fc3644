"""Run a search the way the search page does, for the selector-level search tests."""

from django.http import QueryDict

from programs.filters import ProgramFilter
from programs.models import Program
from programs.selectors import program_list


def search(query: str) -> list[Program]:
    """The programs a valid search query string returns, in result order."""
    filterset = ProgramFilter(QueryDict(query), queryset=program_list())
    assert filterset.is_valid(), filterset.form.errors
    return list(filterset.qs)


def names(query: str) -> list[str]:
    """The names of the programs a valid search returns, in result order."""
    return [program.name for program in search(query)]
