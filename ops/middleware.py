"""Response headers that tell browsers what our pages may do.

``ContentSecurityPolicyMiddleware`` is django-csp's middleware with one rule
added: the admin gets its own policy from ``CONTENT_SECURITY_POLICY_ADMIN``
(``'unsafe-inline'`` for styles only, which the rich-text editor needs), and
public pages never do. ``PermissionsPolicyMiddleware`` switches off browser
features a news site never uses, so an injected or embedded script cannot
reach a reader's camera, microphone or location either.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest


def is_admin_path(path):
    return path.startswith("/" + settings.ADMIN_PATH)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` ahead of every middleware that needs the database or the cache.

    A health check routed like a page would fail with a 500 in those
    middlewares when the database is down, instead of reporting it with a 503.
    """

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path:
            from .views import healthz

            return healthz(request)
        return self.get_response(request)


class RejectNullCharactersMiddleware:
    """A 400 for addresses with a NUL character, which no page of ours can contain.

    Django's forms already refuse NUL in parameters they validate, but a NUL in
    the path reaches slug lookups, and PostgreSQL refuses such strings with an
    error that would otherwise become a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)
