"""Every error the API answers has one shape: {"errors": {parameter: [message]}}."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, TooManyFieldsSent
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handling (status, Retry-After on 429, WWW-Authenticate on 401) with our error shape; Django's own
    refusals of a malformed request (e.g. too many parameters) answer 400 in that shape too."""
    if isinstance(exc, SuspiciousOperation):
        if isinstance(exc, TooManyFieldsSent):
            message = f"Too many parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."
        else:
            message = "Malformed request."
        return Response({"errors": {"__all__": [message]}}, status=400)
    response = drf_exception_handler(exc, context)
    if response is not None and "errors" not in response.data:
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
        response.data = {"errors": {"__all__": [str(detail)]}}
    return response
