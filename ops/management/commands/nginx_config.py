"""``manage.py nginx_config``: the nginx configuration for a production site (``deploy/nginx/newsroom.conf``).

The template is filled with the operator's choices (server names, app servers, certificate, cache
folder) and with what the settings already know (where static files and media live, the admin's
path, the session and edition cookies, the upload limit), so nginx and Django cannot disagree on
them. Every value is checked before it is written: a space, ``;``, ``{`` or ``}`` in one would
change the configuration's meaning, so it is refused with a clear error instead.
"""

import math
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "newsroom.conf"
# One nginx word: no whitespace, quotes, ``;``, braces or ``#`` (which would end or open a directive).
WORD = re.compile(r"[^\s;{}#'\"$\\]+")
LISTEN = re.compile(r"(\d+|[\w.-]+:\d+|\[[0-9a-fA-F:.]+\]:\d+)")
LOCAL_STORAGE = "ops.storage.MediaStorage"


class Command(BaseCommand):
    help = (
        "Write the nginx configuration for this site (TLS, static files and media, a short cache of "
        "anonymous pages, stale pages while the app servers are down, load balancing over them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--server-name",
            action="append",
            dest="server_names",
            help="A host name nginx answers for (repeat for more). Default: ALLOWED_HOSTS.",
        )
        parser.add_argument(
            "--upstream",
            action="append",
            dest="upstreams",
            help="An app server (gunicorn) as HOST:PORT or unix:/path.sock; repeat for each. Required.",
        )
        parser.add_argument(
            "--certificate", help="The certificate's full chain. Default: /etc/letsencrypt/live/NAME/fullchain.pem."
        )
        parser.add_argument(
            "--certificate-key", help="The certificate's private key. Default: /etc/letsencrypt/live/NAME/privkey.pem."
        )
        parser.add_argument(
            "--listen-http",
            action="append",
            help="Where plain HTTP is answered (redirected): PORT or ADDRESS:PORT. Default: 80 and [::]:80.",
        )
        parser.add_argument(
            "--listen-https",
            action="append",
            help="Where HTTPS is served: PORT or ADDRESS:PORT. Default: 443 and [::]:443.",
        )
        parser.add_argument(
            "--cache-dir",
            default="/var/cache/nginx-newsroom",
            help="Where nginx keeps stored pages (created by nginx). Default: %(default)s.",
        )
        parser.add_argument("--cache-size", default="1g", help="The stored pages' largest size on disk (%(default)s).")
        parser.add_argument(
            "--acme-root",
            default="/var/www/letsencrypt",
            help="The folder certbot's webroot challenges are written to. Default: %(default)s.",
        )
        parser.add_argument(
            "--access-log",
            help="The access log. Default: /var/log/nginx/newsroom.access.log (access.log with --standalone).",
        )
        parser.add_argument(
            "--standalone",
            action="store_true",
            help="A complete nginx.conf for `nginx -c FILE -p FOLDER` (pid and temporary files in FOLDER) "
            "instead of a file for Debian's sites-enabled/.",
        )
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, **options):
        text = render(**{key: options[key] for key in RENDER_OPTIONS})
        if options["output"]:
            Path(options["output"]).write_text(text)
        else:
            self.stdout.write(text, ending="")


RENDER_OPTIONS = (
    "server_names",
    "upstreams",
    "certificate",
    "certificate_key",
    "listen_http",
    "listen_https",
    "cache_dir",
    "cache_size",
    "acme_root",
    "access_log",
    "standalone",
)


def render(
    upstreams,
    server_names=None,
    certificate=None,
    certificate_key=None,
    listen_http=None,
    listen_https=None,
    cache_dir="/var/cache/nginx-newsroom",
    cache_size="1g",
    acme_root="/var/www/letsencrypt",
    access_log=None,
    standalone=False,
):
    """The configuration's text; raises ``CommandError`` naming the first value nginx could misread."""
    if not upstreams:
        raise CommandError("Name each app server with --upstream HOST:PORT (two or more for a production site).")
    server_names = server_names or [host for host in settings.ALLOWED_HOSTS if host != "*"]
    if not server_names:
        raise CommandError("Name the site with --server-name (ALLOWED_HOSTS has no host name to take).")
    listen_http = listen_http or ["80", "[::]:80"]
    listen_https = listen_https or ["443", "[::]:443"]
    for address in listen_http + listen_https:
        if not LISTEN.fullmatch(address):
            raise CommandError(f"{address!r} is not a port or ADDRESS:PORT to listen on.")
    for address in upstreams:
        if not (LISTEN.fullmatch(address) and ":" in address) and not address.startswith("unix:/"):
            raise CommandError(f"{address!r} is not an app server: give HOST:PORT or unix:/path.sock.")
    site = server_names[0].lstrip(".")
    paths = {
        "certificate": certificate or f"/etc/letsencrypt/live/{site}/fullchain.pem",
        "certificate_key": certificate_key or f"/etc/letsencrypt/live/{site}/privkey.pem",
        "cache_dir": cache_dir,
        "acme_root": acme_root,
        "access_log": access_log or ("access.log" if standalone else "/var/log/nginx/newsroom.access.log"),
        "static_root": str(settings.STATIC_ROOT).rstrip("/"),
        "media_root": str(settings.MEDIA_ROOT).rstrip("/"),
    }
    words = {**paths, "server name": server_names, "app server": upstreams, "cache size": [cache_size]}
    for name, values in words.items():
        for value in [values] if isinstance(values, str) else values:
            if not WORD.fullmatch(value):
                raise CommandError(f"{name.replace('_', ' ')} {value!r} cannot be written into nginx's configuration.")
    https_port = listen_https[0].rsplit(":", 1)[-1]
    context = {
        **paths,
        "standalone": standalone,
        "server_names": " ".join(server_names),
        "upstreams": upstreams,
        "http_listen": listen_http,
        "https_listen": listen_https,
        "https_port_suffix": "" if https_port == "443" else f":{https_port}",
        "cache_size": cache_size,
        "static_url": settings.STATIC_URL,
        "media_url": settings.MEDIA_URL,
        "media_on_disk": settings.STORAGES["default"]["BACKEND"] == LOCAL_STORAGE,
        "admin_path": settings.ADMIN_PATH,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "edition_cookie": settings.LANGUAGE_COOKIE_NAME,
        "body_max_mb": math.ceil(max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.WIRE_INGEST_MAX_BYTES) / 2**20),
        "upload_max_mb": settings.NEWSROOM_VIDEO_MAX_MB,
    }
    return Engine(autoescape=False).from_string(TEMPLATE.read_text()).render(Context(context))
