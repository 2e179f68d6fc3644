"""The public JSON API: the search page's FilterSet, selectors and paging, answered as JSON."""

from functools import wraps

from django.core.paginator import Paginator
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from programs import pagecache, selectors
from programs.facets import facet_counts
from programs.filters import DEFAULT_PAGE_SIZE, PageForm, ProgramFilter, describe_errors
from programs.models import Program

from .parameters import SearchSchema, vocabulary_terms
from .serializers import ErrorSerializer, ProgramDetailSerializer, ProgramPageSerializer, VocabularyTermSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A parameter is unknown or has a value it does not allow"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests: wait the Retry-After header's seconds"),
}


class ProgramList(APIView):
    schema = SearchSchema()

    @extend_schema(
        operation_id="programs_list",
        summary="Search programs",
        description="The search page's parameters, results and order, as JSON; `facets` counts each filter "
        "option for this search.",
        responses={200: ProgramPageSerializer, **ERRORS},
    )
    def get(self, request):
        # After authentication and throttling: a cached answer still counts against the rate limit.
        data = pagecache.cached_data(request, lambda: _program_page(request))
        return Response(data, status=400 if "errors" in data else 200)


def _program_page(request) -> dict:
    """One page of the search as JSON-ready data, or {"errors": ...}."""
    filterset = ProgramFilter(request.query_params, queryset=selectors.program_records())
    page_form = PageForm(request.query_params)
    filters_valid = filterset.is_valid()
    if not (page_form.is_valid() and filters_valid):
        return {"errors": describe_errors(filterset.form, page_form)}
    page_size = page_form.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
    page = Paginator(filterset.qs, page_size).get_page(page_form.cleaned_data["page"])
    data = {
        "count": page.paginator.count,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
        "results": page.object_list,
        "facets": facet_counts(filterset),
    }
    return ProgramPageSerializer(data, context={"request": request}).data


def _page_url(request, number: int) -> str:
    url = request.build_absolute_uri()
    return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)


class ProgramDetail(APIView):
    @extend_schema(
        operation_id="programs_retrieve",
        summary="One program",
        description="Everything the program's public page shows.",
        responses={
            200: ProgramDetailSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No published program has this id"),
            429: ERRORS[429],
        },
    )
    def get(self, request, pk: int):
        try:
            program = selectors.program_detail(pk=pk)
        except Program.DoesNotExist:
            raise NotFound(f"No published program with id {pk}.") from None
        return Response(ProgramDetailSerializer(program, context={"request": request}).data)


class Vocabularies(APIView):
    @extend_schema(
        operation_id="vocabularies_list",
        summary="Allowed values",
        description="Every value each search parameter allows, with its label: care levels, therapies, "
        "payment kinds, insurance plans, states, ...",
        responses={
            200: OpenApiResponse(
                {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {name: {"type": "string"} for name in ("slug", "label", "label_es")},
                            "required": ["slug", "label", "label_es"],
                        },
                    },
                },
                description="{parameter: [term]}: each term's slug and its label in English and in Spanish.",
            ),
            429: ERRORS[429],
        },
    )
    def get(self, request):
        return Response(
            {name: VocabularyTermSerializer(terms, many=True).data for name, terms in vocabulary_terms().items()}
        )


def in_english(view):
    """The API answers in English whatever Accept-Language asks: its labels and messages are a contract
    (the vocabularies give `label_es` for Spanish)."""

    @wraps(view)
    def english_view(request, *args, **kwargs):
        with translation.override("en"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = "en"
        return response

    return english_view
