"""Real servers for tests that need them: free loopback ports, a site of its own, gunicorn."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import requests
from django.conf import settings

GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(folder, **variables):
    """The environment of a site of its own: a migrated SQLite file and uploads in ``folder``, no Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": "",
        **variables,
    }
    # Each gunicorn makes its own metrics folder (newsroom/gunicorn.conf.py).
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    manage(env, "migrate", "-v0")
    return env


def manage(env, *arguments):
    """``manage.py ARGUMENTS`` in ``env``; its standard output."""
    command = [sys.executable, "manage.py", *arguments]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True).stdout


def start_gunicorn(env, port, access_log=os.devnull):
    """gunicorn with the production settings (``newsroom/gunicorn.conf.py``) on 127.0.0.1:``port``.

    In a process group of its own: ``os.killpg(process.pid, …)`` reaches its workers too.
    """
    env = {**env, "BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": str(access_log)}
    return subprocess.Popen(GUNICORN, cwd=settings.BASE_DIR, env=env, stderr=subprocess.DEVNULL, start_new_session=True)


def log_in(origin, username, password, **request_options):
    """A ``requests`` session of ``username``, logged in at ``origin`` with the admin's own form."""
    session = requests.Session()
    login = f"{origin}/{settings.ADMIN_PATH}login/"
    form = session.get(login, timeout=10, **request_options)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        login,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/"},
        headers={"Origin": origin, "Referer": login},
        allow_redirects=False,
        timeout=10,
        **request_options,
    )
    assert answer.status_code == 302, answer.text[:500]
    assert settings.SESSION_COOKIE_NAME in session.cookies
    return session


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def get(url):
    """The body of ``url`` over a new connection (so gunicorn hands it to any worker), whatever its status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")
