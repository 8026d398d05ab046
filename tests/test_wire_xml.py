"""NewsML-G2 and NITF ingest: mapping, packages, multi-item messages, updates, kills, embargoes, hostile XML.

The documents in ``tests/data/newsml/`` and ``tests/data/nitf/`` were written for
these tests (Arabic and Spanish text, an included picture, a package, an update and
a kill of the same story). They map to the same ``WireItem`` history and draft
fields as ninjs; each problem is reported per item with an XPath; no DTD, entity or
network access is ever honoured.
"""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from rest_framework.test import APIClient

from articles.models import Article, Source
from media.models import Photo
from newsformats import documents, xmlsafe
from newsformats.items import ReadError
from tests.factories import UserFactory, image_file
from wire.models import AgencyToken, WireItem
from wire.services import STATUSES, WireIngester

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
NEWSML = DATA / "newsml"
NITF = DATA / "nitf"


def ingest_file(path, **kwargs):
    return WireIngester(**kwargs).ingest_document(Path(path).read_bytes(), label=Path(path).name)


def by_status(summary):
    return sorted(outcome.status for outcome in summary.outcomes)


# --- NewsML-G2 --------------------------------------------------------------------------


def test_a_message_with_four_items_makes_two_stories_and_a_photo():
    summary = ingest_file(NEWSML / "message-four-items.xml")
    assert by_status(summary) == ["created", "created"]
    arabic = Article.objects.get(edition="ar")
    spanish = Article.objects.get(edition="es")
    assert arabic.headline == "استئناف محادثات سد النهضة"
    assert spanish.headline == "Lluvias torrenciales en Valencia"
    # The package took the story's text and its included picture as the hero.
    assert spanish.hero_photo.caption == "Una calle inundada en el centro de Valencia."
    assert spanish.hero_photo.credit == "Wire Agency / Ana Soler"
    assert "<h2>Evacuaciones</h2>" in spanish.body
    assert [a.name for a in spanish.authors.all()] == ["María José Núñez"]
    assert {t.name for t in spanish.tags.all()} == {"Clima", "DANA"}
    assert WireItem.objects.filter(kind="photo", photo=spanish.hero_photo).exists()


def test_newsml_fields_map_as_ninjs_fields_do():
    ingest_file(NEWSML / "message-four-items.xml")
    article = Article.objects.get(edition="ar")
    wire = WireItem.objects.get(identity="urn:newsml:wire.example:20260301:gerd-talks")
    assert article.status == Article.Status.DRAFT
    assert article.kind == Article.Kind.ANALYSIS  # genre:Analysis
    assert article.standfirst == "جولة جديدة في القاهرة بعد توقف دام عامين"  # the subheadline
    assert article.body.startswith("<p><strong>القاهرة، 1 مارس</strong></p>")  # the dateline
    assert "<strong>الجولة</strong>" in article.body
    assert {t.name for t in article.tags.all()} == {"مياه", "سد النهضة"}
    assert article.publish_at.isoformat() == "2026-03-02T06:00:00+00:00"  # the embargo
    assert article.source.name == "Wire Agency"
    assert (wire.format, wire.version, wire.urgency, wire.genre, wire.language) == (
        "newsml-g2",
        "1",
        2,
        "Analysis",
        "ar",
    )
    assert wire.ed_note == "Embargoed until 06:00 GMT; do not publish before."
    assert wire.creditline == "Wire Agency"
    assert wire.copyright_notice.startswith("© 2026 Wire Agency")
    assert wire.raw["xml"].startswith("<newsItem")


def test_update_then_repeat_then_kill_follow_the_version():
    ingest_file(NEWSML / "message-four-items.xml")
    article = Article.objects.get(edition="ar")
    assert [o.status for o in ingest_file(NEWSML / "newsitem-gerd-v2.xml").outcomes] == ["updated"]
    article.refresh_from_db()
    assert article.headline == "محادثات سد النهضة تتعثر في يومها الأول"
    assert [o.status for o in ingest_file(NEWSML / "newsitem-gerd-v2.xml").outcomes] == ["unchanged"]
    kill = ingest_file(NEWSML / "newsitem-gerd-kill.xml").outcomes[0]
    assert kill.status == "updated" and "canceled" in kill.message
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    wire = WireItem.objects.get(article=article)
    assert (wire.version, wire.pubstatus) == ("3", "canceled")
    assert wire.ed_note.startswith("KILL")
    # An old version arriving late changes nothing.
    assert [o.status for o in ingest_file(NEWSML / "newsitem-gerd-v2.xml").outcomes] == ["ignored"]


def test_one_invalid_item_is_refused_with_its_xpath_and_the_other_goes_in():
    summary = ingest_file(NEWSML / "message-one-invalid.xml")
    created, rejected = sorted(summary.outcomes, key=lambda o: o.status)
    assert created.status == "created"
    assert Article.objects.get().body == "<p>Shares rose at the open.</p><p>Oil was steady.</p>"
    assert rejected.status == "rejected"
    assert rejected.message.startswith("/newsMessage/itemSet/newsItem[2]/itemMeta/provider: not valid NewsML-G2 2.35")
    assert "itemClass" in rejected.message


NO_HEADER_WARNING = "/newsMessage/itemSet: the newsMessage envelope is not valid NewsML-G2 2.35"
REFUSED_WRITER = "/newsMessage/itemSet/newsItem[2]/contentMeta/writer: not valid NewsML-G2 2.35"


def test_a_message_without_its_header_still_gives_its_valid_items_and_warns_once():
    summary = ingest_file(NEWSML / "message-no-header.xml")
    assert [o.status for o in summary.outcomes] == ["created", "rejected", "created"]
    assert summary.outcomes[1].message.startswith(REFUSED_WRITER)
    assert sorted(Article.objects.values_list("edition", flat=True)) == ["en", "es"]
    [warning] = summary.warnings
    assert warning.startswith(f"message-no-header.xml: {NO_HEADER_WARNING}") and "header" in warning


def test_a_message_with_its_header_reads_as_before_without_a_warning():
    summary = ingest_file(NEWSML / "message-with-header.xml")
    assert [o.status for o in summary.outcomes] == ["created", "rejected", "created"]
    assert summary.outcomes[1].message.startswith(REFUSED_WRITER)
    assert summary.warnings == []


def test_each_item_of_a_headerless_message_is_read_as_with_its_header_packages_included():
    with_header = (NEWSML / "message-four-items.xml").read_text()
    start, end = with_header.index("<header>"), with_header.index("</header>") + len("</header>")
    without = documents.read((with_header[:start] + with_header[end:]).encode())
    expected = documents.read(with_header.encode())
    assert [(e.path, e.item.headline, e.item.type) for e in without.entries] == [
        (e.path, e.item.headline, e.item.type) for e in expected.entries
    ]
    assert [w.path for w in without.warnings] == ["/newsMessage/itemSet"] and expected.warnings == []


@pytest.mark.parametrize(
    "envelope",
    [
        '<newsMessage xmlns="urn:not-newsml"><itemSet><newsItem/></itemSet></newsMessage>',
        '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet/></newsMessage>',
    ],
    ids=["foreign-namespace", "no-item"],
)
def test_a_broken_envelope_with_nothing_newsml_inside_is_still_refused_whole(envelope):
    document = documents.read(envelope.encode())
    [entry] = document.entries
    assert entry.path == "/newsMessage" and entry.error.message.startswith("not valid NewsML-G2 2.35")
    assert document.warnings == []


def test_what_an_item_set_holds_that_is_no_item_is_a_warning():
    text = (NEWSML / "message-with-header.xml").read_text().replace("<itemSet>", "<itemSet><newsitem/>", 1)
    document = documents.read(text.encode())
    assert len([e for e in document.entries if e.item]) == 2
    assert [str(w) for w in document.warnings] == ["/newsMessage/itemSet/newsitem: not a NewsML-G2 item; left out"]


def pushed(name):
    """The ingest endpoint's answer to ``name`` (a NewsML-G2 message), pushed by an agency."""
    _row, token = AgencyToken.issue(Source.objects.create(name="Wire Agency", slug="wire-agency"), "tests")
    return APIClient().post(
        "/api/v1/ingest/",
        (NEWSML / name).read_bytes(),
        content_type="application/vnd.iptc.g2.newsmessage+xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_ingest_endpoint_answers_the_envelope_warning_beside_the_items():
    response = pushed("message-no-header.xml")
    assert response.status_code == 207
    answer = response.json()
    assert (answer["counts"]["created"], answer["counts"]["rejected"]) == (2, 1)
    assert answer["items"][1]["message"].startswith(REFUSED_WRITER)
    [warning] = answer["warnings"]
    assert warning.startswith(NO_HEADER_WARNING)


def test_ingest_wire_prints_the_envelope_warning(capsys):
    with pytest.raises(CommandError):  # one item was refused
        call_command("ingest_wire", str(NEWSML / "message-no-header.xml"))
    assert f"warning: {NEWSML / 'message-no-header.xml'}: {NO_HEADER_WARNING}" in capsys.readouterr().out


def test_remote_picture_renditions_are_never_fetched_but_files_beside_the_document_are(tmp_path):
    outcome = ingest_file(NEWSML / "newsitem-picture-remote.xml").outcomes[0]
    assert outcome.status == "ignored"
    assert any("remote file skipped" in w for w in outcome.warnings)
    shutil.copy(NEWSML / "newsitem-picture-remote.xml", tmp_path / "item.xml")
    (tmp_path / "dam-preview.jpg").write_bytes(image_file(size=(64, 48)).read())
    call_command("ingest_wire", str(tmp_path / "item.xml"))
    photo = Photo.objects.get()
    assert (photo.width, photo.credit) == (64, "Wire Agency / K. Bekele")


def test_newsml_over_http_with_an_xml_content_type():
    response = pushed("message-one-invalid.xml")
    assert response.status_code == 207
    assert response.json()["counts"]["created"] == 1 and response.json()["counts"]["rejected"] == 1


# --- NITF -------------------------------------------------------------------------------


def test_nitf_story_in_its_namespace_maps_every_field():
    outcome = ingest_file(NITF / "story-namespaced.xml").outcomes[0]
    assert outcome.status == "created", outcome.message
    article = outcome.article
    assert (article.edition, article.headline, article.kind) == ("en", "Port strike ends after nine days", "analysis")
    assert article.standfirst == "Europe's largest port reopens on Monday."
    assert {a.name for a in article.authors.all()} == {"Jan de Vries", "Ana Soler"}
    assert {t.name for t in article.tags.all()} == {"strikes", "shipping"}
    assert "Ships waiting" in article.body and article.body.startswith("<p><strong>ROTTERDAM</strong></p>")
    wire = WireItem.objects.get()
    assert (wire.identity, wire.version, wire.format, wire.urgency) == ("WIRE-20260301-PORT", "2", "nitf", 1)
    assert wire.ed_note == "Adds quote from the union in paragraph 3."
    assert wire.copyright_notice == "© 2026 Wire Agency"


def test_nitf_without_a_namespace_is_validated_and_its_embargo_kept():
    outcome = ingest_file(NITF / "story-no-namespace-es-embargoed.xml").outcomes[0]
    assert outcome.status == "created", outcome.message
    assert outcome.article.edition == "es"
    assert outcome.article.publish_at.isoformat() == "2026-03-02T06:00:00+00:00"
    assert outcome.article.status == Article.Status.DRAFT


def test_nitf_3_3_naming_its_dtd_is_read_without_the_dtd():
    outcome = ingest_file(NITF / "story-nitf33-doctype.xml").outcomes[0]
    assert outcome.status == "created", outcome.message
    assert (outcome.article.edition, outcome.article.headline) == ("en", "Harbour strike enters its second week")
    assert "Dockers stayed away" in outcome.article.body
    assert WireItem.objects.get().identity == "WIRE-20260302-HARBOUR"


def test_a_nitf_version_before_3_is_refused_naming_it():
    data = (NITF / "story-nitf33-doctype.xml").read_bytes().replace(b"NITF 3.3//EN", b"NITF 2.5//EN")
    outcome = WireIngester().ingest_document(data).outcomes[0]
    assert outcome.status == "rejected"
    assert outcome.message.startswith("/nitf/@version: “-//IPTC//DTD NITF 2.5//EN” is not a NITF 3.x version")


PREFIXED_NEWSITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<nar:newsItem xmlns:nar="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:prefixed" version="1"
    standard="NewsML-G2" standardversion="2.35" conformance="power" xml:lang="en">
  <nar:itemMeta>
    <nar:itemClass qcode="ninat:text"/>
    <nar:provider literal="Wire Agency"/>
    <nar:versionCreated>2026-03-01T10:00:00Z</nar:versionCreated>
  </nar:itemMeta>
  <nar:contentMeta>
    <nar:sideline>Not a NewsML-G2 element</nar:sideline>
    <nar:headline>Prefixed and broken</nar:headline>
  </nar:contentMeta>
</nar:newsItem>"""


def test_a_schema_error_in_a_document_written_with_prefixes_is_reported_where_it_is():
    outcome = WireIngester().ingest_document(PREFIXED_NEWSITEM).outcomes[0]
    assert outcome.status == "rejected"
    assert outcome.message.startswith("/newsItem/contentMeta/sideline: not valid NewsML-G2 2.35")


def test_a_nitf_file_in_iso_8859_1_is_kept_readable_for_use_this(client, settings):
    text = (NITF / "story-no-namespace-es-embargoed.xml").read_text()
    latin = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    article = WireIngester().ingest_document(latin).outcomes[0].article
    article.delete()  # the draft is gone: "Use this" makes another from what was kept
    wire = WireItem.objects.get()
    client.force_login(UserFactory(username="boss", is_superuser=True))
    client.post(f"/{settings.ADMIN_PATH}wire/wireitem/{wire.pk}/use/")
    assert {author.name for author in Article.objects.get().authors.all()} == {"Lucía Gómez"}


def test_invalid_nitf_is_refused_with_an_xpath():
    data = (
        (NITF / "story-namespaced.xml")
        .read_bytes()
        .replace(b"<hl1>", b"<headline1>")
        .replace(b"</hl1>", b"</headline1>")
    )
    outcome = WireIngester().ingest_document(data).outcomes[0]
    assert outcome.status == "rejected"
    assert outcome.message.startswith("/nitf/body/body.head/hedline/headline1: not valid NITF 3.6")


def test_nitf_canceled_withdraws_the_story():
    ingest_file(NITF / "story-namespaced.xml")
    killed = (NITF / "story-namespaced.xml").read_bytes()
    killed = killed.replace(b'management-status="usable"', b'management-status="canceled"').replace(
        b'version="2"', b'version="3"'
    )
    assert WireIngester().ingest_document(killed).outcomes[0].status == "updated"
    assert Article.objects.get().status == Article.Status.UNPUBLISHED


# --- hostile XML ----------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nitf><head><docdata><doc-id id-string="x"/></docdata></head>
<body><body.head><hedline><hl1>&lol9;</hl1></hedline></body.head></body></nitf>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nitf><head><docdata><doc-id id-string="x"/></docdata></head>
<body><body.head><hedline><hl1>&secret;</hl1></hedline></body.head></body></nitf>"""


PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<nitf/>"""

XINCLUDE = b"""<?xml version="1.0"?>
<nitf xmlns:xi="http://www.w3.org/2001/XInclude"><head><docdata><doc-id id-string="xi-1"/></docdata></head>
<body><body.head><hedline><hl1>Included</hl1></hedline></body.head>
<body.content><p><xi:include href="file:///etc/passwd" parse="text"/></p></body.content></body></nitf>"""


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY],
    ids=["billion-laughs", "external-entity", "parameter-entity"],
)
def test_documents_with_a_doctype_are_refused_unexpanded(data):
    with pytest.raises(ReadError, match="DOCTYPE"):
        xmlsafe.parse(data)
    outcome = WireIngester().ingest_document(data).outcomes[0]
    assert outcome.status == "rejected" and "DOCTYPE" in outcome.message
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "keyword, before",
    [("SYSTEM", ""), ('PUBLIC "-//IPTC//DTD NITF 3.3//EN"', ""), ("SYSTEM", "<!-- a <tag> in a comment -->")],
    ids=["system", "public", "after-a-comment-holding-a-tag"],
)
def test_a_dtd_the_doctype_names_is_never_read(tmp_path, keyword, before):
    dtd = tmp_path / "nitf.dtd"
    dtd.write_text('<!ENTITY secret SYSTEM "file:///etc/hostname">')
    data = f"""<?xml version="1.0"?>{before}
<!DOCTYPE nitf {keyword} "{dtd.as_uri()}">
<nitf><head><docdata><doc-id id-string="x"/></docdata></head>
<body><body.head><hedline><hl1>&secret;</hl1></hedline></body.head></body></nitf>""".encode()
    outcome = WireIngester().ingest_document(data).outcomes[0]
    # Had the DTD been read, the entity would be declared; it is not, so the document is not well-formed.
    assert outcome.status == "rejected" and "Entity 'secret' not defined" in outcome.message
    assert not Article.objects.exists()


def test_xinclude_is_not_followed():
    outcome = WireIngester().ingest_document(XINCLUDE).outcomes[0]
    # The include is an unknown element the body's allow-list drops; nothing was read from the disk.
    assert outcome.status == "created"
    assert "root:" not in outcome.article.body and "include" not in outcome.article.body


@pytest.mark.parametrize(
    "data",
    [b"<nitf", b"<?xml version='1.0'?><a>\xff</a>", b"<html><body/></html>", b"<" + b"a>" * 20],
    ids=["truncated", "bad-utf8", "unknown-root", "unclosed"],
)
def test_malformed_or_unknown_xml_is_one_refused_entry(data):
    [entry] = documents.read(data).entries
    assert entry.error is not None and entry.error.path.startswith("/")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_document_in_a_wide_encoding_is_refused_saying_so(encoding):
    text = (NITF / "story-namespaced.xml").read_text().replace('encoding="UTF-8"', f'encoding="{encoding}"')
    data = text.encode(encoding)  # with its byte order mark
    outcome = WireIngester().ingest_document(data).outcomes[0]
    assert (outcome.status, outcome.message) == ("rejected", "/: the document is in UTF-16 or UTF-32; send it in UTF-8")


def test_a_huge_tree_is_refused():
    deep = b"<nitf>" + b"<p>" * 300_000 + b"</p>" * 300_000 + b"</nitf>"
    [entry] = documents.read(deep).entries
    assert entry.error is not None


def test_the_admin_lists_xml_items_with_urgency_and_shows_the_xml(client, settings):
    client.force_login(UserFactory(username="boss", is_superuser=True))
    ingest_file(NEWSML / "message-four-items.xml")
    response = client.get(f"/{settings.ADMIN_PATH}wire/wireitem/?urgency__exact=2")
    assert response.status_code == 200
    assert "استئناف محادثات سد النهضة" in response.content.decode()
    assert "Lluvias" not in response.content.decode()
    wire = WireItem.objects.get(urgency=2)
    page = client.get(f"/{settings.ADMIN_PATH}wire/wireitem/{wire.pk}/change/").content.decode()
    assert "&lt;newsItem" in page and "Embargoed until 06:00 GMT" in page


# --- no document crashes ingest ---------------------------------------------------------------------

MUTABLE_DOCUMENTS = [NEWSML / "message-four-items.xml", NITF / "story-namespaced.xml", NEWSML / "newsitem-gerd-v2.xml"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(MUTABLE_DOCUMENTS),
    cuts=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["drop", "text", "attribute"]), st.text(max_size=12))
    ),
)
def test_no_mutated_document_makes_ingest_raise(path, cuts):
    """Elements removed, texts and attributes replaced with junk: each item is ingested or refused, never a crash."""
    root = etree.fromstring(path.read_bytes())
    for position, change, junk in cuts:
        nodes = [node for node in root.iter() if isinstance(node.tag, str)]
        node = nodes[position % len(nodes)]
        junk = "".join(c for c in junk if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
        if change == "drop" and node.getparent() is not None:
            node.getparent().remove(node)
        elif change == "text":
            node.text = junk
        elif node.attrib:
            node.set(sorted(node.attrib)[position % len(node.attrib)], junk)
    summary = WireIngester().ingest_document(etree.tostring(root))
    assert all(outcome.status in STATUSES for outcome in summary.outcomes)
