"""The naive peer for bench/search.py: the straightforward django-filter FilterSet many projects
write first — joins plus distinct() for tags, distance computed for every row without a bounding
box, and one COUNT query per facet option."""

import django_filters
from django.db.models import Q

from insurance.models import PaymentKind
from programs.models import CareLevel, Program, Therapy
from programs.selectors import distance_miles


class NaiveProgramFilter(django_filters.FilterSet):
    care_level = django_filters.ModelMultipleChoiceFilter(
        field_name="care_levels__slug", to_field_name="slug", queryset=CareLevel.objects.all()
    )
    therapy = django_filters.ModelMultipleChoiceFilter(
        field_name="therapies__slug", to_field_name="slug", queryset=Therapy.objects.all(), conjoined=True
    )
    payment = django_filters.ModelMultipleChoiceFilter(
        field_name="payment_options__kind__slug", to_field_name="slug", queryset=PaymentKind.objects.all()
    )
    state = django_filters.CharFilter(field_name="location__state")
    medicaid_state = django_filters.CharFilter(method="filter_medicaid_state")
    q = django_filters.CharFilter(method="filter_q")

    class Meta:
        model = Program
        fields = []

    def filter_medicaid_state(self, queryset, name, value):
        own = Q(location__state=value, payment_options__kind__slug="medicaid")
        return queryset.filter(own | Q(medicaid_states__state=value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(location__provider__name__icontains=value) | Q(location__city__icontains=value)
        )


def naive_search(params: dict, *, near=None, miles=25.0, max_cost=None):
    """The naive queryset for a query: filters, then distance over every row, then distinct()."""
    queryset = NaiveProgramFilter(params, queryset=Program.objects.filter(status="published")).qs
    if max_cost is not None:
        queryset = queryset.filter(
            Q(cost__amount__lte=max_cost) | Q(payment_options__kind__slug__in=["sliding_fee", "payment_assistance"])
        )
    if near:
        queryset = queryset.annotate(distance_miles=distance_miles(*near)).filter(distance_miles__lte=miles)
        return queryset.distinct().order_by("distance_miles", "name", "id")
    return queryset.distinct().order_by("name", "id")


def naive_facets(queryset) -> dict:
    """One COUNT per option, the way a template loop over options usually does it."""
    return {level.slug: queryset.filter(care_levels=level).count() for level in CareLevel.objects.all()} | {
        kind.slug: queryset.filter(payment_options__kind=kind).count() for kind in PaymentKind.objects.all()
    }
