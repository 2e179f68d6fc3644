"""An Open Referral HSDS 3.0 read API over the same published programs, for directories that speak it."""

from django import forms
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from feeds.hsds_export import exported_programs
from programs.filters import DEFAULT_PAGE_SIZE, IGNORED_PREFIXES, MAX_PAGE_SIZE, describe_errors
from programs.selectors import listed_providers

from . import hsds
from .selectors import hsds_service_program
from .serializers import ErrorSerializer

HSDS_SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


class HsdsPageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)

    def __init__(self, data, *, extra: tuple[str, ...] = ()):
        super().__init__(data)
        for name in extra:
            self.fields[name] = forms.ChoiceField(choices=[("true", "true"), ("false", "false")], required=False)

    def clean(self):
        known = set(self.fields)
        for name in self.data:
            if name not in known and not name.startswith(IGNORED_PREFIXES):
                self.add_error(None, f"Unknown parameter {name!r}. Known parameters: {', '.join(self.fields)}.")
        return super().clean()


def _bad_parameters(form) -> Response:
    return Response({"errors": describe_errors(form)}, status=400)


def _page(form: HsdsPageForm, queryset) -> tuple[dict, list]:
    """The HSDS page envelope (without contents) and the objects of the requested page."""
    number = form.cleaned_data["page"] or 1
    size = form.cleaned_data["per_page"] or DEFAULT_PAGE_SIZE
    total = queryset.count()
    objects = list(queryset[(number - 1) * size : number * size]) if total > (number - 1) * size else []
    total_pages = max(1, -(-total // size))
    envelope = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(objects),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not objects,
    }
    return envelope, objects


def _page_schema(item: str, description: str) -> dict:
    integer, boolean = {"type": "integer"}, {"type": "boolean"}
    return {
        "type": "object",
        "description": description,
        "properties": {
            "total_items": integer,
            "total_pages": integer,
            "page_number": integer,
            "size": integer,
            "first_page": boolean,
            "last_page": boolean,
            "empty": boolean,
            "contents": {"type": "array", "items": {"type": "object", "description": f"{HSDS_SCHEMAS}{item}"}},
        },
        "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
    }


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter("per_page", int, description=f"Items per page: 1–{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}."),
]
BAD_PARAMETERS = OpenApiResponse(ErrorSerializer, description="A parameter is unknown or out of range")


class ServiceList(APIView):
    @extend_schema(
        tags=["hsds"],
        operation_id="hsds_services_list",
        summary="HSDS services",
        description="Every published program as an HSDS 3.0 service, with the ids and terms of the HSDS export.",
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("full", str, enum=["true", "false"], description="`true`: fully nested services."),
        ],
        responses={200: _page_schema("service_list.json", "An HSDS page of services"), 400: BAD_PARAMETERS},
    )
    def get(self, request):
        form = HsdsPageForm(request.query_params, extra=("full",))
        if not form.is_valid():
            return _bad_parameters(form)
        envelope, programs = _page(form, exported_programs())
        services = hsds.services(programs)
        if form.cleaned_data["full"] != "true":
            services = [hsds.summary(service) for service in services]
        return Response({**envelope, "contents": services})


class ServiceDetail(APIView):
    @extend_schema(
        tags=["hsds"],
        operation_id="hsds_services_retrieve",
        summary="One HSDS service",
        description="A fully nested HSDS 3.0 service.",
        responses={
            200: {"type": "object", "description": f"{HSDS_SCHEMAS}service.json"},
            404: OpenApiResponse(ErrorSerializer, description="No published program has this service id"),
        },
    )
    def get(self, request, service_id: str):
        program = hsds_service_program(service_id)
        if program is None:
            raise NotFound(f"No service with id {service_id!r}.")
        return Response(hsds.services([program])[0])


class OrganizationList(APIView):
    @extend_schema(
        tags=["hsds"],
        operation_id="hsds_organizations_list",
        summary="HSDS organizations",
        description="Every provider with a published program as an HSDS 3.0 organization, by name.",
        parameters=PAGE_PARAMETERS,
        responses={200: _page_schema("organization_list.json", "An HSDS page of organizations"), 400: BAD_PARAMETERS},
    )
    def get(self, request):
        form = HsdsPageForm(request.query_params)
        if not form.is_valid():
            return _bad_parameters(form)
        envelope, providers = _page(form, listed_providers())
        return Response({**envelope, "contents": [hsds.organization(provider) for provider in providers]})
