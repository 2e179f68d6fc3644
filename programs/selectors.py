"""Reads of programs for the public pages."""

from django.db.models import QuerySet

from .models import Program


def program_list() -> QuerySet[Program]:
    """Published programs with what a result card shows, in a fixed number of queries."""
    return Program.objects.published().for_listing().order_by("name", "id")


def program_detail(*, pk: int) -> Program:
    """One published program with everything its page shows; raises Program.DoesNotExist."""
    return (
        Program.objects.published()
        .for_listing()
        .prefetch_related(
            "therapies", "populations", "medications", "phones", "payment_options__kind", "insurance_plans"
        )
        .select_related("cost")
        .get(pk=pk)
    )
