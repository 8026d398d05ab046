"""Where deliveries may go: never to the site itself, its private network or a cloud's metadata service.

An endpoint's address is checked when it is saved (scheme, host, an address written as an IP),
and again at every delivery, after resolving the name: a name that resolved to a public address
yesterday may point inside today (DNS rebinding). The delivery then connects to the address that
was checked, not to a second lookup (``webhooks.delivery``).

Link-local addresses (169.254.0.0/16, fe80::/10, which hold the cloud metadata services) are
always refused. Loopback, private and other non-public ranges, and the site's own host names, are
refused unless ``NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS`` is on (tests and development).
"""

import contextlib
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

METADATA_ADDRESSES = {ipaddress.ip_address("fd00:ec2::254")}


class ForbiddenTarget(ValidationError):
    """The address is one deliveries must not reach."""


def parse(url):
    """(scheme, host, port) of an acceptable URL, or ForbiddenTarget."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ForbiddenTarget(_("This is not a valid address.")) from exc
    if parts.scheme not in {"http", "https"}:
        raise ForbiddenTarget(_("Only http:// and https:// addresses can receive webhooks."))
    if not parts.hostname:
        raise ForbiddenTarget(_("The address has no host name."))
    if parts.username or parts.password:
        raise ForbiddenTarget(_("Put credentials in the secret, not in the address."))
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check_address(address):
    """Refuse an IP address deliveries must not reach."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_link_local or ip in METADATA_ADDRESSES or ip.is_multicast or ip.is_unspecified:
        raise ForbiddenTarget(_("Deliveries never go to link-local or metadata addresses (%(ip)s).") % {"ip": ip})
    if not ip.is_global and not settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        raise ForbiddenTarget(_("Deliveries never go to private or loopback addresses (%(ip)s).") % {"ip": ip})


def own_host_names():
    names = {urlsplit(settings.NEWSROOM_SITE_URL).hostname or ""}
    names.update(host.lstrip(".").strip("[]") for host in settings.ALLOWED_HOSTS if host != "*")
    names.update(settings.NEWSROOM_EDITION_HOSTS)
    return {name.lower() for name in names if name}


def check_url(url):
    """What can be checked without the network: when saving an endpoint."""
    _scheme, host, _port = parse(url)
    if not settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS and host.lower() in own_host_names():
        raise ForbiddenTarget(_("Deliveries never go to this site's own addresses."))
    with contextlib.suppress(ValueError):  # a name: resolved and checked at each delivery
        check_address(host)


def resolve(url):
    """(scheme, host, port, address) to connect to, every address of the name checked."""
    check_url(url)
    scheme, host, port = parse(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ForbiddenTarget(_("The host name %(host)s does not resolve.") % {"host": host}) from exc
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        check_address(address)
    return scheme, host, port, addresses[0]
