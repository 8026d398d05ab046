"""Who is logging in, as django-axes counts failed attempts."""

from django.conf import settings


def client_ip(request):
    """The reader's address: the proxy's last ``X-Forwarded-For`` hop when we sit behind one.

    Only the entry our own proxy appended is trusted; anything before it was
    written by the client and could be forged to dodge the lockout.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
