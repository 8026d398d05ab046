"""What the OpenAPI document must say that drf-spectacular does not work out by itself.

A post-processing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``) makes the
document tell the truth about errors and text:

- every operation documents the errors it can give, each with its JSON body
  (``api.errors``): 400 where it takes parameters or a body, 404 (unknown
  address or ``format``), 406 (an ``Accept`` it cannot satisfy), 500; reads
  document 304 (they honour ``If-None-Match``/``If-Modified-Since``); the
  ingest endpoint adds 401, 413 and 429 (with ``Retry-After``);
- slugs keep Arabic and Spanish letters, which JSON Schema's ASCII ``\\w`` does
  not match, so their pattern says only what a slug never holds (a slash or a space);
- an operation offering ``format=ninjs`` documents that it answers ninjs too;
- text query parameters that refuse an empty value (all but ``api.filters.ALLOWS_EMPTY``)
  say so with ``minLength: 1``.
"""

from .filters import ALLOWS_EMPTY

UNICODE_SLUG = r"^[-\w]+$"
SLUG_PATTERN = r"^[^\s/]+$"

ERROR = {
    "type": "object",
    "description": "An error not about one parameter.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail", "code"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "What is wrong with each named parameter or field.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
BAD_REQUEST_REF = {"anyOf": [ERROR_REF, {"$ref": "#/components/schemas/FieldErrors"}]}

AGENCY_ERRORS = {
    "401": "No agency token, or an unknown or revoked one.",
    "413": "The body is larger than the limit.",
    "429": "Too many requests with this token; wait the seconds in Retry-After.",
}


def json_error(description, schema=ERROR_REF):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update({"Error": ERROR, "FieldErrors": FIELD_ERRORS})
    _relax_unicode_slugs(result)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _document_operation(path, method, operation)
    return result


NINJS = {
    "type": "object",
    "description": "The article as IPTC ninjs (format=ninjs): 3.1, or 2.2 with version=2.",
    "properties": {"uri": {"type": "string"}, "standard": {"type": "object"}},
    "required": ["uri"],
}


def _document_operation(path, method, operation):
    responses = operation.setdefault("responses", {})
    if any(p["name"] == "format" and "ninjs" in p["schema"].get("enum", []) for p in operation.get("parameters", [])):
        content = responses["200"]["content"]["application/json"]
        content["schema"] = {"anyOf": [content["schema"], NINJS]}
    takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
    if takes_input:
        existing = responses.get("400", {}).get("content", {}).get("application/json", {}).get("schema")
        schema = {"anyOf": [existing, *BAD_REQUEST_REF["anyOf"]]} if existing else BAD_REQUEST_REF
        responses["400"] = json_error("A parameter or the body is invalid.", schema)
    responses.setdefault("404", json_error("No such address, object or format."))
    responses.setdefault("406", json_error("The Accept header names no type this API sends."))
    responses.setdefault("500", json_error("A server error (reported to the team)."))
    if method == "get":
        responses.setdefault("304", {"description": "Not modified since the ETag or date the client sent."})
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter["in"] == "query" and parameter["name"] not in ALLOWS_EMPTY and schema.get("type") == "string":
            schema.setdefault("minLength", 1)
    if any(scheme.get("agencyToken") is not None for scheme in operation.get("security", [])):
        for code, description in AGENCY_ERRORS.items():
            responses.setdefault(code, json_error(description))
        responses["429"]["headers"] = {
            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 1}}
        }


def _relax_unicode_slugs(node):
    if isinstance(node, dict):
        if node.get("pattern") == UNICODE_SLUG:
            node["pattern"] = SLUG_PATTERN
        for value in node.values():
            _relax_unicode_slugs(value)
    elif isinstance(node, list):
        for value in node:
            _relax_unicode_slugs(value)
