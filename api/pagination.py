"""Cursor pagination: stable infinite scroll while new stories are published on top."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    """Newest first; a junk ``cursor`` or ``page_size`` is a 400 naming the parameter, not a 404."""

    ordering = ("-publish_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError(
                {self.cursor_query_param: [_("Invalid cursor: use the next or previous link.")]}
            ) from exc

    def get_paginated_response_schema(self, schema):
        # JSON Schema (OpenAPI 3.1) spelling of "may be null"; DRF writes the 3.0 ``nullable``.
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}]}
            )
        return int(raw)


class NameCursorPagination(NewestFirstCursorPagination):
    ordering = ("name", "id")


class NewestPostsCursorPagination(NewestFirstCursorPagination):
    """A live story's posts, newest first."""

    ordering = ("-posted_at", "-id")
