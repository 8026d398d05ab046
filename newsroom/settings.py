"""Settings for the newsroom CMS.

One settings module, driven by environment variables. Development defaults are
safe to run locally; production hardening switches on when ``DEBUG`` is off.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("NEWSROOM_REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production")
    # Local runs and tests only: a key that is obviously not for production.
    SECRET_KEY = "insecure-local-key-set-SECRET_KEY-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The admin lives at a configurable path, so scanners looking for /admin/ find nothing.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "desk.sites.DeskAdminConfig",  # django.contrib.admin, starting on the desk page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "taggit",
    "tinymce",
    "reversion",
    "reversion_compare",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # Ours, lower layers first (docs/architecture.md): receivers of a signal run in this order.
    "tasks",
    "pagecache",
    "media",
    "taxonomy",
    "fragments",
    "articles",
    "desk",
    "breaking",
    "pages",
    "redirects",
    "discovery",
    "live",
    "sharing",
    "api",
    "wire",
    # Before the apps that add to the article admin: it registers that admin again, with translation.
    "localisation",
    "webhooks",
    "push",
    "briefings",
    "ops",
    "backups",
    "monitoring",
    "audit",
    "demo",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # Outermost: counts every answer, cache hits and health checks included, with its latency.
    "monitoring.middleware.MetricsMiddleware",
    # Next: a cached page is served whole, the headers of the middlewares below stored with it
    # (a fresh CSP nonce each time), without running them; an editor's page passes through.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ops.middleware.ContentSecurityPolicyMiddleware",
    "ops.middleware.PermissionsPolicyMiddleware",
    # Before anything that needs the database or cache, so an outage is reported, not a 500.
    "ops.middleware.HealthCheckMiddleware",
    "ops.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which database a request reads (ops.replicas): around everything that queries.
    "ops.replicas.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware: an edition per host name, and the editor's own admin language.
    "localisation.middleware.EditionHostMiddleware",
    "localisation.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: audit entries written while a request is handled name its user and address.
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.middleware.ScheduledUpdatesMiddleware",
    # Only when no page answers (a 404): an old address of a story that moved.
    "redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes requires: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.edition",
            ],
        },
    },
]

# Widget templates may be overridden in templates/, like any other template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if os.environ.get("TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without colliding.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at once under gunicorn.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


def database_replicas(environ, primary):
    """Read replicas (``ops.replicas``): ``DATABASE_REPLICA_URLS``, comma-separated URLs parsed as ``DATABASE_URL``.

    They become ``replica_1``, ``replica_2``… in ``DATABASES``, test mirrors of ``default``, of the
    primary's kind, and give up connecting after a few seconds (a replica that is down costs a page little).
    """
    replicas = {}
    urls = [url.strip() for url in environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
    for number, url in enumerate(urls, start=1):
        try:
            replica = dj_database_url.parse(url, conn_max_age=primary["CONN_MAX_AGE"], conn_health_checks=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS: {exc}") from exc
        if replica["ENGINE"] != primary["ENGINE"]:
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS: replica {number} is {replica['ENGINE']}, the primary {primary['ENGINE']}; "
                "a replica is a copy of the primary"
            )
        if replica["ENGINE"] == "django.db.backends.postgresql":
            replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        replica["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = replica
    return replicas


DATABASES |= database_replicas(os.environ, DATABASES["default"])
DATABASE_ROUTERS = ["ops.replicas.ReplicaRouter"]
# A replica further behind than this (seconds) is not read; each process checks each replica at most
# every NEWSROOM_REPLICA_CHECK_SECONDS. A client that wrote reads the primary for the sum of the two.
NEWSROOM_REPLICAS = [alias for alias in DATABASES if alias != "default"]
NEWSROOM_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", "30"))
NEWSROOM_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "5"))

# Uploaded video files may be at most this large (ops.uploads checks them by content). The web
# server in front must accept bodies this large too (nginx: client_max_body_size).
NEWSROOM_VIDEO_MAX_MB = int(os.environ.get("VIDEO_MAX_MB", "1024"))

# Backups (app ``backups``): where ``manage.py backup`` writes by default, how many parallel
# pg_dump/pg_restore jobs (default: one per CPU), pg_dump's compression level (0-9; 1 is
# several times faster than the default 6 for a slightly larger dump), and where the PostgreSQL
# client tools are when not those of the server's version under /usr/lib/postgresql.
NEWSROOM_BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
NEWSROOM_BACKUP_JOBS = int(os.environ.get("BACKUP_JOBS", "0"))
NEWSROOM_BACKUP_COMPRESSION = int(os.environ.get("BACKUP_COMPRESSION", "1"))
NEWSROOM_PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "")
# Memory for each pg_restore job's index builds (PostgreSQL's maintenance_work_mem, per job).
NEWSROOM_RESTORE_MAINTENANCE_WORK_MEM = os.environ.get("RESTORE_MAINTENANCE_WORK_MEM", "256MB")

# The desk (desk.autosave, desk.presence): a copy of an open form is kept this many seconds after
# the last keystroke, up to this size; an open form beats this often and counts as open this long.
NEWSROOM_AUTOSAVE_DELAY_SECONDS = float(os.environ.get("AUTOSAVE_DELAY_SECONDS", "5"))
NEWSROOM_AUTOSAVE_MAX_KB = int(os.environ.get("AUTOSAVE_MAX_KB", "512"))
# A copy nobody came back for is dropped after this many days (desk.tasks, on the task queue).
NEWSROOM_AUTOSAVE_KEEP_DAYS = int(os.environ.get("AUTOSAVE_KEEP_DAYS", "30"))
NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = float(os.environ.get("PRESENCE_HEARTBEAT_SECONDS", "20"))
NEWSROOM_PRESENCE_SECONDS = int(os.environ.get("PRESENCE_SECONDS", "60"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Logs and treats Redis errors as misses: pages keep coming from the database.
            "BACKEND": "ops.cache.FaultTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
elif os.environ.get("EMBEDDED_CACHE", "disk") == "database":
    # The alternative measured by the benchmark: a table in the site's database (``createcachetable``).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsroom_cache"}}
else:
    # Without Redis, one cache for all of gunicorn's workers (so every worker shows the same Most
    # Read, ticker and pages): SQLite files in a folder, which diskcache shards to spread the writes.
    CACHES = {
        "default": {
            "BACKEND": "ops.cache.SharedFileCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "TIMEOUT": 300,
            "SHARDS": 8,
            # 1 GiB, the least recently stored entries going first; pages (about 100 KB) kept inside the
            # SQLite files rather than one file each (diskcache's default past 32 KB): a hit opens no file.
            "OPTIONS": {"size_limit": 2**30, "disk_min_file_size": 2**20},
        }
    }

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "ops/lockout.html"
AXES_CLIENT_IP_CALLABLE = "ops.auth.client_ip"
AXES_VERBOSE = False

# The page cache (app ``pagecache``): anonymous pages and API answers kept whole in the cache.
# NEWSROOM_PAGE_CACHE=0 switches it off (the benchmark's "cold" runs).
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", default=True)
# Upper bound on a stored copy's life; content changes replace it at once anyway.
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "60"))
# For a CDN in front: s-maxage and stale-while-revalidate on cacheable answers.
NEWSROOM_PAGE_CACHE_CDN_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_CDN_SECONDS", "1"))
NEWSROOM_PAGE_CACHE_CDN_STALE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_CDN_STALE_SECONDS", "30"))
# With Redis: each worker has Redis report every move of the page cache's clock (CLIENT TRACKING,
# ``ops.keywatch``), and serves a page it found current a moment ago without a round trip while none
# is reported. Off: one round trip per hit (a Redis proxy that refuses CLIENT TRACKING is detected
# and costs the same, with a warning in the log).
NEWSROOM_PAGE_CACHE_WATCH = env_bool("NEWSROOM_PAGE_CACHE_WATCH", default=True)
# A CDN to purge by surrogate key when content changes (``pagecache.purging``): the dotted path of a
# purger, e.g. pagecache.purging.FastlyPurger or pagecache.purging.CloudflarePurger; empty: none.
NEWSROOM_PAGE_CACHE_PURGER = os.environ.get("NEWSROOM_PAGE_CACHE_PURGER", "")
# Its API: base address (empty: the provider's public API), Fastly service id or Cloudflare zone id, token.
NEWSROOM_CDN_API_URL = os.environ.get("NEWSROOM_CDN_API_URL", "")
NEWSROOM_CDN_SERVICE = os.environ.get("NEWSROOM_CDN_SERVICE", "")
NEWSROOM_CDN_API_TOKEN = os.environ.get("NEWSROOM_CDN_API_TOKEN", "")

# The task queue (app ``tasks``): tasks are rows in the database, run by ``manage.py run_worker``.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Webhooks may reach loopback and private addresses only when this is on (tests, development);
# link-local and cloud metadata addresses never (``webhooks.ssrf``).
NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=DEBUG)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editions: every public URL starts with one of these language codes.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("es", _("Spanish")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "edition"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# How each edition writes dates ("26 de marzo de 2024"); pages use the ``edition_date`` filter.
FORMAT_MODULE_PATH = ["localisation.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

# Per-edition presentation: time zone and digits. Codes must match LANGUAGES.
# "script": the Unicode script an edition's text is written in (a ticker line in another is questioned).
NEWSROOM_EDITIONS = {
    "en": {"name": "English", "time_zone": "Europe/London", "digits": "latn", "script": "LATIN"},
    "ar": {"name": "العربية", "time_zone": "Asia/Beirut", "digits": "arab", "script": "ARABIC"},
    "es": {"name": "Español", "time_zone": "America/Mexico_City", "digits": "latn", "script": "LATIN"},
}
# Optional: an edition per host name, e.g. "espanol.example.net=es,english.example.net=en".
# On such a host, addresses without an edition prefix (``/``) are served in that edition.
NEWSROOM_EDITION_HOSTS = {
    host.lower(): code
    for host, _sep, code in (item.partition("=") for item in env_list("NEWSROOM_EDITION_HOSTS"))
    if code
}
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Meridian")
# The public origin, for links written outside a request (webhooks, push alerts, emails).
NEWSROOM_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Public site: social accounts, app stores and the live stream per edition.
# Each can be set from the environment; an empty value hides the link or player.
NEWSROOM_SOCIAL_LINKS = {
    "X": os.environ.get("SOCIAL_X_URL", "https://x.com/themeridian"),
    "Facebook": os.environ.get("SOCIAL_FACEBOOK_URL", "https://www.facebook.com/themeridian"),
    "YouTube": os.environ.get("SOCIAL_YOUTUBE_URL", "https://www.youtube.com/@themeridian"),
    "Telegram": os.environ.get("SOCIAL_TELEGRAM_URL", "https://t.me/themeridian"),
    "Instagram": os.environ.get("SOCIAL_INSTAGRAM_URL", "https://www.instagram.com/themeridian"),
}
NEWSROOM_APP_LINKS = {
    "Android": os.environ.get("APP_ANDROID_URL", "https://play.google.com/store/apps/details?id=news.themeridian"),
    "iOS": os.environ.get("APP_IOS_URL", "https://apps.apple.com/app/the-meridian"),
}
NEWSROOM_LIVE_STREAMS = {code: os.environ.get(f"LIVE_STREAM_URL_{code.upper()}", "") for code in NEWSROOM_EDITIONS}
NEWSROOM_CONTACT_EMAIL = os.environ.get("NEWSROOM_CONTACT_EMAIL", "newsdesk@themeridian.news")

# Web Push (app ``push``): the VAPID key (PEM or raw base64url; generated into the key file when
# unset, for development) and the contact push services may write to.
WEBPUSH_VAPID_PRIVATE_KEY = os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_KEY_FILE = Path(os.environ.get("WEBPUSH_VAPID_KEY_FILE", BASE_DIR / "var" / "vapid-private.pem"))
WEBPUSH_CONTACT = os.environ.get("WEBPUSH_CONTACT", f"mailto:{NEWSROOM_CONTACT_EMAIL}")

# Email (briefings, opt-in): EMAIL_URL (smtp://user:password@host:587/?tls=True) or the usual
# EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / EMAIL_USE_TLS; without either,
# development prints emails to the console.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
if os.environ.get("EMAIL_URL"):
    globals().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{NEWSROOM_SITE_NAME} <briefing@themeridian.news>")
# Daily briefings go out from this hour, in each edition's time zone.
NEWSROOM_BRIEFING_HOUR = int(os.environ.get("NEWSROOM_BRIEFING_HOUR", "7"))

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
# Not media/: that is the media app's package.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "uploads"))


def s3_options(variable, url, known=("endpoint_url", "region_name", "custom_domain", "url_protocol")):
    """django-storages' S3 options from ``s3://BUCKET/PREFIX?endpoint_url=…&region_name=…`` in ``variable``."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(f"{variable} must look like s3://bucket/prefix?endpoint_url=…, not {url!r}")
    options = dict(parse_qsl(parts.query))
    if unknown := set(options) - set(known):
        raise ImproperlyConfigured(f"{variable}: unknown option(s) {', '.join(sorted(unknown))}")
    return {**options, "bucket_name": parts.netloc, "location": parts.path.strip("/")}


def media_storage(environ):
    """The media storage: an S3-compatible bucket when the environment names one, else local disk.

    ``MEDIA_STORAGE_URL=s3://BUCKET/PREFIX?endpoint_url=…&region_name=…&custom_domain=…`` or the usual
    ``AWS_STORAGE_BUCKET_NAME`` (with ``AWS_S3_ENDPOINT_URL``, ``AWS_S3_REGION_NAME``,
    ``AWS_S3_CUSTOM_DOMAIN``, ``AWS_LOCATION``); credentials come as boto3 finds them
    (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a profile, an instance role).
    """
    if url := environ.get("MEDIA_STORAGE_URL", ""):
        options = s3_options("MEDIA_STORAGE_URL", url)
    elif bucket := environ.get("AWS_STORAGE_BUCKET_NAME", ""):
        names = {"endpoint_url": "AWS_S3_ENDPOINT_URL", "region_name": "AWS_S3_REGION_NAME"}
        names |= {"custom_domain": "AWS_S3_CUSTOM_DOMAIN", "location": "AWS_LOCATION"}
        options = {key: environ[name] for key, name in names.items() if environ.get(name)}
        options["bucket_name"] = bucket
    else:
        return {"BACKEND": "ops.storage.MediaStorage"}
    return {"BACKEND": "ops.objectstorage.S3MediaStorage", "OPTIONS": options}


def backup_storage(environ):
    """Where finished backups are copied (app ``backups``): ``BACKUP_STORAGE_URL``, as ``MEDIA_STORAGE_URL`` reads.

    A private bucket (addresses signed, objects never public), e.g.
    ``s3://meridian-backups/nightly?endpoint_url=https://s3.example.net``; none when unset.
    """
    if url := environ.get("BACKUP_STORAGE_URL", ""):
        options = s3_options("BACKUP_STORAGE_URL", url, known=("endpoint_url", "region_name"))
        return {"backups": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}
    return {}


STORAGES = {
    "default": media_storage(os.environ),
    # Hashed, compressed names served with far-future cache headers by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    **backup_storage(os.environ),
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The agency push endpoint (wire.throttling): requests per token, and the largest body it reads.
WIRE_INGEST_RATE = os.environ.get("WIRE_INGEST_RATE", "120/min")
WIRE_INGEST_MAX_BYTES = int(os.environ.get("WIRE_INGEST_MAX_BYTES", str(DATA_UPLOAD_MAX_MEMORY_SIZE)))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

TAGGIT_CASE_INSENSITIVE = True
# Tags are read and shown in the writer's order (the first is the main tag), not sorted.
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.edit_string"
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = False

TINYMCE_DEFAULT_CONFIG = {
    "license_key": "gpl",
    "height": 560,
    "menubar": False,
    "promotion": False,
    "branding": False,
    "plugins": "link lists image media autolink code wordcount directionality",
    "toolbar": (
        "undo redo | blocks | bold italic | link | bullist numlist blockquote | "
        "image media | ltr rtl | removeformat code"
    ),
    "block_formats": "Paragraph=p; Heading 2=h2; Heading 3=h3; Heading 4=h4",
    "image_list": f"/{ADMIN_PATH}media/photo/picker.json",
    "image_caption": True,
    "image_dimensions": True,
    "relative_urls": False,
    "convert_urls": False,
    "media_alt_source": False,
    "media_poster": False,
    "entity_encoding": "raw",
}

# The read API and the wire ingest (apps ``api`` and ``wire``).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # The read API is anonymous; only the ingest endpoint authenticates (per agency).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NewestFirstCursorPagination",
    "PAGE_SIZE": 20,
    # Unexpected exceptions answer JSON too (api.errors), never the site's HTML error page.
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{NEWSROOM_SITE_NAME} content API",
    "DESCRIPTION": "Read-only access to published articles, taxonomy and breaking news; ninjs wire ingest.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Errors, unicode slugs and empty parameters documented as they are (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_errors"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # LOG_FORMAT=json: one JSON object a line, for log collectors (python-json-logger).
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if os.environ.get("LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}

# The audit log (app ``audit``) keeps entries this many days; `manage.py prune_audit_log` removes older ones.
NEWSROOM_AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))

# Monitoring (app ``monitoring``): who may read /metrics (addresses or networks, or a bearer
# token), whether /readyz needs a live task worker. It checks the replicas' lag too (NEWSROOM_REPLICAS).
NEWSROOM_METRICS_ALLOWED = env_list("METRICS_ALLOWED_IPS", "127.0.0.1/32,::1/128")
NEWSROOM_METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
NEWSROOM_READY_NEEDS_WORKER = env_bool("READY_NEEDS_WORKER", default=True)

# Error tracking with Sentry when SENTRY_DSN is set. No personal data leaves: no user names,
# addresses, cookies or request bodies (send_default_pii off), and no local variables of the
# failing code, which can hold a reporter's notes or a reader's address (SENTRY_LOCAL_VARIABLES=1 to send them).
SENTRY_OPTIONS = {
    "send_default_pii": False,
    "include_local_variables": env_bool("SENTRY_LOCAL_VARIABLES", default=False),
    "environment": os.environ.get("SENTRY_ENVIRONMENT", "production"),
    "release": os.environ.get("SENTRY_RELEASE") or None,
    "traces_sample_rate": float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
}
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], **SENTRY_OPTIONS)

# Production hardening, on whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
    SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
    if env_bool("BEHIND_HTTPS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles from our own origin, or
# inline only with the per-request nonce (``nonce="{{ request.csp_nonce }}"``).
# Frames only from the video hosts the body sanitiser accepts (articles.sanitize)
# and the live stream players.
EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://platform.twitter.com",
    "https://www.instagram.com",
    "https://www.facebook.com",
]
_stream_origins = sorted(
    {"/".join(url.split("/", 3)[:3]) for url in NEWSROOM_LIVE_STREAMS.values() if url.startswith("https://")}
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *_stream_origins],
        "frame-src": [SELF, *EMBED_ORIGINS, *_stream_origins],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The admin's rich-text editor (TinyMCE) sets inline styles and previews pasted
# images as blob: URLs; only admin pages get these, never public ones.
CONTENT_SECURITY_POLICY_ADMIN = {
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self", *(f'"{origin}"' for origin in EMBED_ORIGINS)],
}
