"""The API keeps the contract its OpenAPI document states, checked by a fuzzer against a live server.

Schemathesis (``st run``, every check) reads ``/api/schema/`` from a live test
server on loopback and sends generated requests to every operation, the ingest
endpoint included (with a test agency token): no server error, every status code
and body as documented, schema-valid data accepted, invalid data refused. The
run is bounded (``--max-examples`` per operation) to keep CI within minutes.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from articles.models import Source
from taxonomy.models import Region
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory
from wire.models import AgencyToken

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
MAX_EXAMPLES = os.environ.get("API_FUZZ_EXAMPLES", "25")


def schemathesis_command():
    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if found is None:
        pytest.fail("schemathesis is not installed (requirements-dev.txt)")
    return found


@pytest.fixture
def content():
    author = AuthorFactory(name="ليلى")
    for edition, slug in [("en", "dam-talks"), ("ar", "محادثات-السد"), ("es", "conversaciones-de-la-presa")]:
        article = ArticleFactory(edition=edition, slug=slug, authors=[author], tags=["Agua"])
        article.regions.add(Region.objects.first())
    BreakingItemFactory(article=article)


def test_the_api_honours_its_openapi_document(live_server, content, tmp_path):
    _row, token = AgencyToken.issue(Source.objects.create(name="Fuzz Agency", slug="fuzz-agency"), "schemathesis")
    result = subprocess.run(
        [
            schemathesis_command(),
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.url}/api/schema/?format=json",
            "--url",
            live_server.url,
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--header",
            f"Authorization: Bearer {token}",
            "--suppress-health-check",
            "all",
            "--seed",
            "19",
            "--generation-database",
            "none",
            "--no-color",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    assert result.returncode == 0, result.stdout[-15000:] + result.stderr[-3000:]
