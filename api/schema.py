"""OpenAPI: every operation documents the errors it can answer, in the one error shape."""

from __future__ import annotations

import functools

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from api.filters import MAX_ID
from belregions import reference
from belregions.models import Country
from belregions.params import VOCABULARY

JSON = ["application/json"]

ERROR_DESCRIPTIONS = {
    "400": "Invalid query parameters or body: `errors` names each field and what is wrong with it.",
    "401": "Missing or invalid credentials (`Authorization: Token <key>`).",
    "403": "Signed in without the permission this needs (editors only).",
    "404": "No such object.",
    "409": "It conflicts with what is stored: the article already has that fact.",
    "406": "No representation for the `Accept` header or `format` asked for (JSON and CSV exist).",
    "413": "The body is larger than the upload limit.",
    "415": "The body's Content-Type is not JSON or multipart/form-data.",
    "429": "Too many requests: wait the number of seconds in `Retry-After`.",
    "503": "The query ran past the time limit (API_QUERY_TIMEOUT_MS): narrow it.",
}


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    status = serializers.IntegerField(help_text="The HTTP status code")
    code = serializers.CharField(help_text="A stable machine-readable code: invalid, not_found, throttled, ...")
    message = serializers.CharField(help_text="What went wrong, for a person")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field or parameter name → its messages; empty when no single field is at fault",
    )

    class Meta:
        ref_name = "Error"


RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}}


def names_pattern(names) -> str:
    """A comma-separated list of these names (or nothing), as a JSON Schema pattern."""
    one = "(?:" + "|".join(sorted(names, key=len, reverse=True)) + ")"
    return f"^(?:{one}(?:,{one})*)?$"


def list_parameter(name: str, description: str, names) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "pattern": names_pattern(names)}, OpenApiParameter.QUERY,
                            description=f"{description}: {', '.join(names)}")


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        """The shaping parameters every read takes (api/base.py, api/shape.py), as the view offers them."""
        parameters = list(super().get_override_parameters())
        if self.method != "GET" or not hasattr(self.view, "accepted_parameters"):
            return parameters
        parameters.append(OpenApiParameter("strict", {"type": "string", "enum": ["0", "1"]},
                                           OpenApiParameter.QUERY, description=VOCABULARY["strict"]))
        accepted = self.view.accepted_parameters()
        if "fields" in accepted:
            names = self._row_fields()
            if names:
                parameters.append(list_parameter("fields", VOCABULARY["fields"], names))
        if "expand" in accepted:
            parameters.append(list_parameter("expand", VOCABULARY["expand"], list(self.view.expansions)))
        if "facets" in accepted:
            parameters.append(list_parameter("facets", VOCABULARY["facets"] + " (JSON only)",
                                             list(self.view.facet_columns)))
        return parameters

    def _row_fields(self) -> list[str]:
        try:
            serializer = self.view.get_serializer()
        except Exception:  # noqa: BLE001 - a view without one serializer: no fields=
            return []
        return [name for name, field in serializer.fields.items() if not field.write_only]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                body = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
                responses[code] = self._get_response_for_code(body, code, JSON, direction)
        if "429" in responses:
            responses["429"].setdefault("headers", {}).update(RETRY_AFTER)
        return responses

    def error_codes(self) -> list[str]:
        codes = ["400", "401", "406", "429"]
        if self.method in ("GET", "HEAD"):
            codes.append("503")
        else:
            codes += ["403", "413", "415"]
        if "{" in self.path or self.method not in ("GET", "HEAD"):
            codes.append("404")
        if self.path.endswith("/correct/"):
            codes.append("409")
        return sorted(codes)

    def get_auth(self):
        # Reads are open to anyone (EditorPermission); say so, as DRF's own IsAuthenticatedOrReadOnly would.
        auths = super().get_auth()
        if (self.method in SAFE_METHODS or not self.view.get_permissions()) and {} not in auths:
            auths.append({})
        return auths


class RegionCodeExtension(OpenApiSerializerFieldExtension):
    """The codes a correction may name: an enum, not a free string.

    Read from the reference data files, not the database, so that the schema (and
    `check --deploy`, which builds it) works before `migrate`."""

    target_class = "api.fact_serializers.RegionCode"

    def map_serializer_field(self, auto_schema, direction):
        codes = region_codes(self.target.country)
        return {"type": "string", "enum": ([Country.RUSSIA.value] if self.target.russia else []) + codes}


def region_codes(country: str | None = None) -> list[str]:
    return [code for code, code_country in _reference_regions() if country in (None, code_country)]


@functools.cache
def _reference_regions() -> tuple[tuple[str, str], ...]:
    """(code, country) of the 98 regions, read from the data file once per process."""
    return tuple(sorted((r["code"], r["country"]) for r in reference.read_csv("regions.csv")))


# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: one name per set of codes a field accepts.
def belarus_region_codes() -> list[str]:
    return region_codes(Country.BELARUS)


def region_or_russia_codes() -> list[str]:
    return [Country.RUSSIA.value, *region_codes()]


class SectorSlugExtension(OpenApiSerializerFieldExtension):
    target_class = "api.fact_serializers.SectorSlug"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "enum": sector_slugs()}


# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], like the region codes: one name for the sector slugs
# whatever the field ("sector", "sectors").
def sector_slugs() -> list[str]:
    return sorted(r["slug"] for r in reference.read_csv("sectors.csv"))


class PersonRefExtension(OpenApiSerializerFieldExtension):
    target_class = "api.fact_serializers.PersonRef"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": "A person's id"}


# PostgreSQL cannot store NUL, so no text parameter or field takes it (a 400 says so); the schema says it too.
NO_NUL = "^[^\\u0000]*$"


def _without_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not {"pattern", "enum", "format"} & set(schema):
        schema["pattern"] = NO_NUL
    for sub in [*schema.get("properties", {}).values(), *([schema["items"]] if "items" in schema else [])]:
        _without_nul(sub)


# expand=: the keys each row component may carry as objects instead of codes or ids (api/views.py).
EXPANDABLE = {"Region": ["district"], "Person": ["region"], "Meeting": ["regions", "articles"],
              "TradeFigure": ["region", "by_region", "article"], "Article": ["regions", "sectors"],
              "ArticleDetail": ["regions", "sectors"]}
EXPANDED = {"type": "object", "description": "The related row (expand=)", "additionalProperties": True}


def _expandable(component: dict, names: list[str]) -> None:
    for name in names:
        prop = component.get("properties", {}).get(name)
        if prop is None:
            continue
        if prop.get("type") == "array":
            prop["items"] = {"oneOf": [prop["items"], EXPANDED]}
        else:
            component["properties"][name] = {"oneOf": [prop, EXPANDED]}


GUIDE_LINK = "The guide (tokens, filters, exports, facets, caching, CORS, errors): [docs/api.md](/api/v1/docs/guide/)."


def refine(result, generator, request, public):
    """Postprocessing: NUL-free text, a correction must name at least one field, rows shaped by fields=/expand=;
    the description links to the guide where the server serves it."""
    info = result.setdefault("info", {})
    info["description"] = info.get("description", "").replace(
        "See docs/api.md for tokens, rates, pagination and CSV.", "").strip() + "\n\n" + GUIDE_LINK
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _without_nul(component)
        if name.endswith("CorrectionRequest"):
            component["minProperties"] = 1
        if not name.endswith("Request") and not name.startswith("Paginated") and name != "Error" \
                and "required" in component:
            del component["required"]  # fields= leaves out any of them
        if name in EXPANDABLE:
            _expandable(component, EXPANDABLE[name])
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    _without_nul(parameter["schema"])
            if path.endswith("/correct/") and "requestBody" in operation:
                operation["requestBody"]["required"] = True
    return result
