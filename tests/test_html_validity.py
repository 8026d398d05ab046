"""Every public page type is valid HTML (Nu Html Checker, vnu.jar), in an LTR and an RTL edition.

vnu.jar comes from the npm package ``vnu-jar`` (``npm install`` at the repository
root; bin/test does it) and needs Java.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site_content import build_edition

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate(files):
    """Nu checker messages of type "error" for ``files``."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


@pytest.fixture
def vnu():
    if not VNU_JAR.exists():
        pytest.fail("vnu.jar is missing: run `npm install` at the repository root")
    if not shutil.which("java"):
        pytest.fail("java is missing: apt-get install default-jre-headless")
    return validate


@pytest.mark.django_db
@pytest.mark.parametrize("edition", ["en", "ar"])
def test_every_page_type_is_valid_html(client, vnu, tmp_path, edition):
    urls = build_edition(edition)["urls"]
    files = []
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not_found" else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = vnu(files)
    report = [
        f"{Path(e['url']).name}:{e.get('lastLine')}: {e['message']} [{e.get('extract', '').strip()}]" for e in errors
    ]
    assert report == []


# HTML's valid times and global dates allow at most three fractional digits of a second.
DATETIME_ATTRIBUTE = re.compile(r'datetime="([^"]*)"')
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$")


@pytest.mark.django_db
@pytest.mark.parametrize("edition", ["en", "ar"])
def test_every_datetime_attribute_is_a_valid_html_time(client, edition):
    urls = build_edition(edition)["urls"]
    found = {}
    for name, url in urls.items():
        for value in DATETIME_ATTRIBUTE.findall(client.get(url).content.decode()):
            found.setdefault(name, []).append(value)
    assert {"article", "search", "live_story"} <= found.keys()
    invalid = {name: [v for v in values if not VALID_DATETIME.match(v)] for name, values in found.items()}
    assert {name: values for name, values in invalid.items() if values} == {}


@pytest.mark.django_db
def test_server_error_page_is_valid_html(rf, vnu, tmp_path):
    from articles.views import server_error

    path = tmp_path / "500.html"
    path.write_bytes(server_error(rf.get("/en/")).content)
    assert vnu([path]) == []
