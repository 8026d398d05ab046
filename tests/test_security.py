"""Headers, login lockout, production settings and the admin's location."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from articles.sanitize import EMBED_HOSTS
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
LOGIN_URL = reverse("admin:login")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# --- Content-Security-Policy ----------------------------------------------------------


def test_public_pages_send_a_csp_without_unsafe_inline(client):
    response = client.get(ArticleFactory().get_absolute_url())

    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_public_csp_allows_scripts_only_from_our_origin(client):
    policy = directives(client.get("/en/"))

    assert [source for source in policy["script-src"] if not source.startswith("'nonce-")] == ["'self'"]


def test_public_csp_forbids_plugins_framing_and_foreign_forms(client):
    policy = directives(client.get("/en/"))

    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_csp_lets_every_embed_the_sanitiser_accepts_play(client):
    frame_sources = directives(client.get("/en/"))["frame-src"]

    assert {f"https://{host}" for host in EMBED_HOSTS} <= set(frame_sources)


def test_admin_allows_inline_styles_for_the_editor_but_not_inline_scripts(client, editor):
    client.force_login(editor)

    policy = directives(client.get(reverse("admin:articles_article_add")))

    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_admin_style_policy_has_no_nonce_that_would_cancel_unsafe_inline(client, editor):
    client.force_login(editor)

    policy = directives(client.get(reverse("admin:articles_article_add")))

    assert not any(source.startswith("'nonce-") for source in policy["style-src"])


def test_nonce_is_fresh_for_every_response(rf):
    from ops.middleware import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    nonces = set()
    for _ in range(2):
        request = rf.get("/en/")
        middleware.process_request(request)
        nonces.add(str(request.csp_nonce))
        response = middleware.process_response(request, HttpResponse())
        assert f"'nonce-{request.csp_nonce}'" in response["Content-Security-Policy"]
    assert len(nonces) == 2


# --- other headers ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/api/v1/articles/", "/en/feeds/rss.xml"])
def test_every_response_carries_the_hardening_headers(client, path):
    response = client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_health_check_answers_with_the_security_headers_too(client):
    response = client.get("/healthz")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


def test_permissions_policy_switches_off_sensors_and_payment(client):
    policy = client.get("/en/")["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_permissions_policy_lets_video_embeds_go_full_screen(client):
    policy = client.get("/en/")["Permissions-Policy"]
    fullscreen = next(part for part in policy.split(", ") if part.startswith("fullscreen="))

    assert fullscreen.startswith("fullscreen=(self ")
    assert '"https://www.youtube-nocookie.com"' in fullscreen


# --- login lockout (django-axes) ---------------------------------------------------------


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def lock_out(client, username="desk", ip="203.0.113.7"):
    for _ in range(5):
        attempt(client, username, "wrong-password", ip)


def test_five_wrong_passwords_lock_the_account_from_that_address(client):
    UserFactory(username="desk")
    lock_out(client)

    response = attempt(client, "desk", "correct-horse-battery")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_explains_what_happened(client):
    UserFactory(username="desk")
    lock_out(client)

    response = attempt(client, "desk", "correct-horse-battery")

    assert "Sign-in locked for 15 minutes" in response.content.decode()


def test_four_wrong_passwords_do_not_lock(client):
    UserFactory(username="desk")
    for _ in range(4):
        attempt(client, "desk", "wrong-password")

    response = attempt(client, "desk", "correct-horse-battery")

    assert response.status_code == 302


def test_lockout_is_per_username_and_address(client):
    UserFactory(username="desk")
    UserFactory(username="colleague")
    lock_out(client, "desk")

    assert attempt(client, "colleague", "correct-horse-battery").status_code == 302


def test_lockout_does_not_lock_the_user_out_from_another_address(client):
    UserFactory(username="desk")
    lock_out(client, "desk", ip="203.0.113.7")

    assert attempt(client, "desk", "correct-horse-battery", ip="198.51.100.20").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client):
    UserFactory(username="desk")
    lock_out(client)

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = attempt(client, "desk", "correct-horse-battery")

    assert response.status_code == 302


def test_behind_a_proxy_the_lockout_counts_the_proxys_client_address(rf, settings):
    from ops.auth import client_ip

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7", REMOTE_ADDR="127.0.0.1")

    assert client_ip(request) == "203.0.113.7"


def test_without_a_proxy_forwarded_for_is_ignored(rf):
    from ops.auth import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9", REMOTE_ADDR="198.51.100.20")

    assert client_ip(request) == "198.51.100.20"


# --- passwords and the admin's address -------------------------------------------------------


@pytest.mark.parametrize("password", ["short1!", "password123", "1234567890123", "desk-desk-desk"])
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="desk-desk-desk")

    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_passphrase_is_accepted():
    validate_password("river-lantern-copper-31", UserFactory.build(username="desk"))


# Set for the test run (the browser tests allow sync ORM calls); never part of a deployment.
TEST_ONLY_ENV = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_python(code, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}
    for name in TEST_ONLY_ENV:
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_admin_lives_at_the_configured_path():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"

    result = run_python(code, ADMIN_PATH="newsdesk-7f3a")

    assert result.stdout.strip() == "/newsdesk-7f3a/", result.stderr


# Production settings as README documents them.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "news.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_HTTPS_PROXY": "1",
}


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_http_only():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)"
    )

    result = run_python(code, **PRODUCTION_ENV)

    assert result.stdout.split() == ["True", "True", "True", "31536000"], result.stderr


INLINE_CODE = re.compile(r"<style(?![^>]*nonce=)|\sstyle=|<script(?![^>]*\ssrc=)(?![^>]*nonce=)", re.IGNORECASE)


def test_templates_carry_no_inline_scripts_or_styles_without_a_nonce():
    # Emails (``templates/*/email/``) are read in mail programs, not under the site's policy, and
    # most of those honour only inline styles.
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        if "email" not in path.relative_to(ROOT).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE_CODE.search(line)
    ]

    assert offenders == []
