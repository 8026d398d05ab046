"""Agencies authenticate with ``Authorization: Bearer <token>`` (an ``AgencyToken``)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from .models import AgencyToken


class AgencyTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in {"bearer", "token"}:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Authorization: Bearer <token>."))
        token = AgencyToken.objects.authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked agency token."))
        token.touch()
        return (None, token)

    def authenticate_header(self, request):
        return self.keyword


class IsAgency(permissions.BasePermission):
    message = _("An agency token is required.")

    def has_permission(self, request, view):
        return isinstance(request.auth, AgencyToken)
