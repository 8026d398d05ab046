"""Playwright driving Debian's Chromium against pytest-django's live server.

Never lets Playwright download a browser: it launches /usr/bin/chromium.
"""

import os
import re
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the browser tests' database is a file, as the site's own is, not shared memory.

    With shared memory the live server's request threads use the test's own connection, so a
    request still running (a page's beacon, a poll) while the test writes or flushes fails the
    test's statement with "database table is locked". With a file each thread has a connection of
    its own, as gunicorn's workers do, and waits its turn on SQLite's lock.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "browser.sqlite3")


@pytest.fixture(autouse=True)
def _plain_static_storage(plain_static_storage):
    """The live server serves static files from the source folders."""


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


DESK_BACKGROUND = re.compile(r"/articles/article/(autosave|presence)/")


class InFlight:
    """The live server's application, counting the requests it is answering."""

    def __init__(self, application):
        self.application = application
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            return self.application(environ, start_response)
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout):
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture(autouse=True)
def _settled_before_the_database_goes(request, browser, monkeypatch):
    """Every page a test opened closed, and the live server's last requests answered, before the
    test's database is emptied: a request still running (a beacon sent as a tab closes, a poll)
    would otherwise hold locks the flush needs (a deadlock on PostgreSQL, "locked" on SQLite).

    Set up after pytest-django's live-server helper, which sets up the test's database, so it is
    torn down before that database is.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("live_server").thread.httpd
    if not isinstance(server.get_app(), InFlight):
        server.set_app(InFlight(server.get_app()))
    opened = []
    new_context = browser.new_context
    monkeypatch.setattr(browser, "new_context", lambda *a, **k: opened.append(new_context(*a, **k)) or opened[-1])
    yield
    from playwright.sync_api import Error

    for context in opened:
        with suppress(Error):  # closed by the test already
            context.route(DESK_BACKGROUND, lambda route: route.abort())
            context.close()
    time.sleep(0.2)  # a closing tab's beacon is on its way
    server.get_app().wait_until_idle(timeout=10)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page  # closed by ``_settled_before_the_database_goes``


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
