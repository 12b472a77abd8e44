"""One error shape for every 4xx (and the rare 503), whatever raised it.

    {"status": 400, "code": "invalid", "message": "year_from: Enter a number.",
     "errors": {"year_from": ["Enter a number."]}}

`errors` maps a field or query parameter to its messages; it is empty when
the error is not about one field. Exceptions DRF does not know (Django's
ValidationError from a model method, an oversized body, a cancelled slow
query) are turned into their 4xx/503 first, so none of them becomes a 500.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, OperationalError
from rest_framework import exceptions, status
from rest_framework import views as drf_views

NON_FIELD = "non_field_errors"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with what is stored."
    default_code = "conflict"


class QueryTimeout(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The query took too long. Narrow it with filters or a smaller page_size."
    default_code = "query_timeout"


def exception_handler(exc, context):
    response = drf_views.exception_handler(_as_api_exception(exc), context)
    if response is not None:
        response.data = error_body(response.status_code, response.data, exc)
    return response


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(str(exc) or "Malformed request.")
    if isinstance(exc, OperationalError) and _is_query_cancelled(exc):
        return QueryTimeout()
    if isinstance(exc, UnicodeError):  # JSON allows lone surrogates; UTF-8 and the database do not
        return exceptions.ValidationError("The text is not valid Unicode.")
    if isinstance(exc, DataError):  # a value the database refuses (out of range, NUL): the client's, not ours
        return exceptions.ValidationError("A value is out of range or has characters the database cannot store.")
    return exc


def _is_query_cancelled(exc: OperationalError) -> bool:
    return type(exc.__cause__).__name__ == "QueryCanceled"


def error_body(status_code: int, data, exc: Exception) -> dict:
    errors = field_errors(data) if isinstance(exc, (exceptions.ValidationError, DjangoValidationError)) else {}
    non_field = errors.pop(NON_FIELD, [])
    if non_field:
        message = " ".join(non_field)
    elif errors:
        name, messages = next(iter(errors.items()))
        message = f"{name}: {messages[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    else:
        message = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    return {"status": status_code, "code": _code(exc, status_code), "message": message or "Error.",
            "errors": errors}


def _code(exc: Exception, status_code: int) -> str:
    api_exc = _as_api_exception(exc)
    if isinstance(api_exc, exceptions.APIException):
        return "invalid" if isinstance(api_exc, exceptions.ValidationError) else api_exc.default_code
    return {404: "not_found", 403: "permission_denied"}.get(status_code, "error")


def field_errors(data, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error details into {"field.sub": ["message", ...]}."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in field_errors(value, name).items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    if isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            return {prefix or NON_FIELD: [str(item) for item in data]}
        flat = {}
        for index, item in enumerate(data):
            for sub, messages in field_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    return {prefix or NON_FIELD: [str(data)]}
