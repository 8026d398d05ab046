"""The production topology on one machine: Debian's nginx (``deploy/nginx/``) in front of two gunicorns.

nginx runs the configuration ``manage.py nginx_config`` renders, for loopback ports and a
self-signed certificate (``bench.proxy``); both gunicorns serve one site (a SQLite file this
module migrates and fills) with production settings. What is checked is what readers and editors
get through nginx, and what reached the app servers (their access logs).
"""

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.management import CommandError, call_command

from bench.proxy import NGINX, configure, self_signed_certificate
from tests.servers import free_port, log_in, manage, site_environment, start_gunicorn, stop

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed (apt-get install -y nginx)"),
]

# How long the site lets a shared cache keep a page (s-maxage): long enough for a test's two
# requests to meet the stored copy, short enough to outlive it in the stale test.
FRESH_SECONDS = 3
HEADLINES = {
    "en": "Ministers agree on river treaty after a decade of talks",
    "es": "Los ministros acuerdan el tratado del río",
    "ar": "الوزراء يتفقون على معاهدة النهر",
}
DRAFT_HEADLINE = "Embargoed: the budget figures before Thursday"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def fill_site():
    """Run inside the site (``manage.py shell``): a story per edition with a photo, a draft, two editors."""
    from articles.models import Article
    from tests.factories import ArticleFactory, PhotoFactory, UserFactory

    stories = {code: ArticleFactory(edition=code, headline=headline) for code, headline in HEADLINES.items()}
    photo = PhotoFactory()
    stories["en"].hero_photo = photo
    stories["en"].save()
    draft = ArticleFactory(edition="en", headline=DRAFT_HEADLINE, status=Article.Status.DRAFT)
    for username in ("amira", "bruno"):
        UserFactory(username=username, role="Editor")
    print(
        json.dumps(
            {
                "articles": {code: story.get_absolute_url() for code, story in stories.items()},
                "preview": f"/{settings.ADMIN_PATH}articles/article/{draft.pk}/preview/",
                "photo": photo.image.url,
                "photo_file": photo.image.path,
            }
        )
    )


class Site:
    """nginx on two loopback ports in front of two gunicorns, and what each of them logged."""

    def __init__(self, folder):
        self.folder = folder
        self.env = site_environment(
            folder,
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1",
            BEHIND_HTTPS_PROXY="1",
            WEB_CONCURRENCY="2",
            NEWSROOM_PAGE_CACHE_CDN_SECONDS=str(FRESH_SECONDS),
        )
        fill = "from tests.test_proxy_cache import fill_site; fill_site()"
        self.content = json.loads(manage(self.env, "shell", "--no-imports", "-c", fill))
        self.app_ports = [free_port(), free_port()]
        self.app_servers = [None, None]
        self.http_port, self.https_port = free_port(), free_port()
        self.origin = f"https://127.0.0.1:{self.https_port}"
        upstreams = [f"127.0.0.1:{port}" for port in self.app_ports]
        command = configure(folder / "nginx", self.http_port, self.https_port, upstreams, self.env)
        self.certificate = str(folder / "nginx" / "certificate.pem")
        with open(folder / "nginx.log", "w") as log:
            self.nginx = subprocess.Popen(command, stderr=log)

    def app_log(self, index):
        return self.folder / f"gunicorn-{index}.log"

    def start_app_servers(self):
        """Both gunicorns running (again, after a test stopped them)."""
        for index, port in enumerate(self.app_ports):
            if self.app_servers[index] is None or self.app_servers[index].poll() is not None:
                self.app_servers[index] = start_gunicorn(self.env, port, access_log=self.app_log(index))
        for port in self.app_ports:
            wait_until(lambda port=port: requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5))
        wait_until(lambda: self.get("/healthz"))

    def kill_app_servers(self):
        for server in self.app_servers:
            os.killpg(server.pid, signal.SIGKILL)  # the master and its workers, with no goodbye
            server.wait(timeout=10)

    def get(self, path, session=None, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return (session or requests).get(self.origin + path, verify=self.certificate, timeout=10, **kwargs)

    def reached_app_servers(self, path):
        """How many requests for ``path`` the gunicorns logged (a worker logs just after it answered)."""
        pattern = re.compile(rf'"(GET|HEAD) {re.escape(path)} HTTP')
        previous = None
        while True:
            time.sleep(0.3)
            count = sum(len(pattern.findall(self.app_log(index).read_text())) for index in range(2))
            if count == previous:
                return count
            previous = count

    def log_in(self, username):
        """A browser session of ``username``, logged in through nginx with the admin's own form."""
        return log_in(self.origin, username, PASSWORD, verify=self.certificate)

    def close(self):
        for server in self.app_servers:
            if server is not None and server.poll() is None:
                stop(server)
        stop(self.nginx)


def wait_until(request, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return request()
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("proxy"))
    try:
        site.start_app_servers()
        yield site
    finally:
        site.close()


@pytest.fixture
def proxy(site):
    """The site with both app servers up (a test may have stopped them)."""
    site.start_app_servers()
    return site


def test_a_hot_anonymous_page_is_served_from_nginx_cache(proxy):
    path = proxy.content["articles"]["en"]

    first, second, third = (proxy.get(path) for _ in range(3))

    assert first.headers["X-Cache-Status"] == "MISS"
    assert (second.headers["X-Cache-Status"], third.headers["X-Cache-Status"]) == ("HIT", "HIT")
    assert HEADLINES["en"] in third.text
    # The site's own rule for shared caches, passed on (a CDN in front keeps to it too).
    assert f"s-maxage={FRESH_SECONDS}" in third.headers["Cache-Control"]
    assert proxy.reached_app_servers(path) == 1


def test_nginx_keeps_a_copy_no_longer_than_the_sites_s_maxage(proxy):
    """nginx counts whole seconds: with s-maxage alone a copy would live up to a second longer."""
    path = f"{proxy.content['articles']['es']}?copy-life"  # an address no other test stores
    assert proxy.get(path).headers["X-Cache-Status"] == "MISS"
    stored = time.monotonic()
    while (answer := proxy.get(path)).headers["X-Cache-Status"] == "HIT":
        assert "X-Accel-Expires" not in answer.headers  # nginx's own: not passed on
        time.sleep(0.05)
    assert time.monotonic() - stored <= FRESH_SECONDS + 0.2
    assert answer.headers["X-Cache-Status"] in {"EXPIRED", "STALE", "UPDATING", "REVALIDATED"}


def test_static_files_and_media_are_served_by_nginx_alone(proxy):
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', proxy.get("/en/").text).group(1)
    photo = proxy.content["photo"]

    css = proxy.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    image = proxy.get(photo)

    assert css.status_code == 200
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Encoding"] == "gzip"  # collectstatic's .gz, sent as it is
    assert image.status_code == 200
    assert image.content == Path(proxy.content["photo_file"]).read_bytes()
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert proxy.reached_app_servers(stylesheet) == proxy.reached_app_servers(photo) == 0


def test_an_editors_public_page_is_neither_served_from_nor_put_in_the_cache(proxy):
    path = proxy.content["articles"]["es"]
    amira = proxy.log_in("amira")

    for _ in range(2):
        editors = proxy.get(path, amira)
        assert editors.headers["X-Cache-Status"] == "BYPASS"
        assert "private" in editors.headers["Cache-Control"]
    readers = proxy.get(path)

    assert readers.headers["X-Cache-Status"] == "MISS"  # nothing of the editor's visits was stored
    assert proxy.reached_app_servers(path) == 3


def test_two_editors_never_see_each_others_admin_or_preview(proxy):
    amira, bruno = proxy.log_in("amira"), proxy.log_in("bruno")
    admin, preview = f"/{settings.ADMIN_PATH}", proxy.content["preview"]

    pages = [(name, proxy.get(admin, session)) for name, session in [("amira", amira), ("bruno", bruno)] * 2]
    previewed = proxy.get(preview, amira)
    anonymous = proxy.get(preview)

    for name, page in pages:
        other = "bruno" if name == "amira" else "amira"
        assert page.status_code == 200
        assert f"<strong>{name}</strong>" in page.text and f"<strong>{other}</strong>" not in page.text
    assert DRAFT_HEADLINE in previewed.text
    assert anonymous.status_code == 302 and DRAFT_HEADLINE not in anonymous.text
    assert proxy.reached_app_servers(admin) == 4
    assert proxy.reached_app_servers(preview) == 2


def test_a_page_that_sets_a_cookie_is_not_stored(proxy):
    path = "/en/briefing/"  # the sign-up form: its CSRF cookie is the reader's own

    answers = [proxy.get(path) for _ in range(2)]

    assert all("Set-Cookie" in answer.headers for answer in answers)
    assert [answer.headers["X-Cache-Status"] for answer in answers] == ["MISS", "MISS"]


@pytest.mark.parametrize(
    ("cookie", "languages", "edition"),
    [("es", "en", "es"), ("ar", "es", "ar"), ("en", "ar", "en"), (None, "es", "es"), (None, "ar", "ar")],
)
def test_the_front_door_sends_each_reader_to_their_own_edition(proxy, cookie, languages, edition):
    cookies = {settings.LANGUAGE_COOKIE_NAME: cookie} if cookie else {}

    # Every reader in turn, twice: no reader's answer may be kept for the next.
    for _ in range(2):
        for other in ("en", "ar", "es"):
            proxy.get("/", cookies={settings.LANGUAGE_COOKIE_NAME: other})
        answer = proxy.get("/", cookies=cookies, headers={"Accept-Language": languages})
        assert answer.status_code == 302
        assert answer.headers["Location"] == f"/{edition}/"
        assert "X-Cache-Status" not in answer.headers


def test_plain_http_is_sent_to_https(proxy):
    answer = requests.get(f"http://127.0.0.1:{proxy.http_port}/en/?page=2", allow_redirects=False, timeout=10)

    assert answer.status_code == 301
    assert answer.headers["Location"] == f"{proxy.origin}/en/?page=2"


def test_requests_are_shared_by_both_app_servers(proxy):
    for _ in range(20):
        proxy.get("/healthz")

    served = [proxy.app_log(index).read_text().count('"GET /healthz HTTP') for index in range(2)]
    assert min(served) >= 5, served


def test_stored_pages_are_served_stale_while_the_app_servers_are_down(proxy):
    path = proxy.content["articles"]["ar"]
    assert proxy.get(path).headers["X-Cache-Status"] == "MISS"
    assert proxy.get(path).headers["X-Cache-Status"] == "HIT"

    proxy.kill_app_servers()
    time.sleep(FRESH_SECONDS + 1)  # the stored copy is no longer fresh
    stale = [proxy.get(path) for _ in range(3)]
    never_stored = proxy.get("/en/about/")

    for answer in stale:
        assert answer.status_code == 200
        assert answer.headers["X-Cache-Status"] in {"STALE", "UPDATING"}
        assert HEADLINES["ar"] in answer.text
    assert never_stored.status_code == 502


# --- the command that renders it --------------------------------------------------------------


def render(*arguments):
    return call_command("nginx_config", *arguments, "--upstream", "10.0.0.11:8000", "--upstream", "10.0.0.12:8000")


@pytest.mark.skipif(os.geteuid() != 0, reason="Debian's nginx.conf opens /var/log/nginx and /run: nginx -t needs root")
def test_the_debian_site_file_is_valid_inside_debians_nginx_conf(tmp_path):
    """As the operator installs it: read inside the http block of Debian's /etc/nginx/nginx.conf."""
    cert = self_signed_certificate(tmp_path)
    site = tmp_path / "newsroom"
    call_command(
        "nginx_config",
        "--server-name",
        "news.example.net",
        "--upstream",
        "10.0.0.11:8000",
        "--upstream",
        "10.0.0.12:8000",
        "--certificate",
        str(cert),
        "--certificate-key",
        str(tmp_path / "key.pem"),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--access-log",
        str(tmp_path / "access.log"),
        "--output",
        str(site),
    )
    debian = Path("/etc/nginx/nginx.conf").read_text()
    assert "include /etc/nginx/sites-enabled/*;" in debian
    main = tmp_path / "nginx.conf"
    main.write_text(debian.replace("/etc/nginx/sites-enabled/*", str(site)))

    result = subprocess.run([NGINX, "-t", "-c", str(main), "-e", "stderr"], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    text = site.read_text()
    assert "server 10.0.0.11:8000 max_fails=3" in text and "server 10.0.0.12:8000 max_fails=3" in text
    assert "ssl_certificate_key " + str(tmp_path / "key.pem") in text
    assert f"alias {settings.STATIC_ROOT}/;" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--server-name", "news.example.net; include /etc/shadow"], "cannot be written"),
        (["--certificate", "/etc/ssl/my cert.pem"], "cannot be written"),
        (["--listen-https", "all"], "is not a port"),
    ],
)
def test_values_nginx_would_misread_are_refused(arguments, message):
    with pytest.raises(CommandError, match=message):
        render(*arguments)


def test_an_app_server_is_required():
    with pytest.raises(CommandError, match="--upstream"):
        call_command("nginx_config", "--server-name", "news.example.net")
