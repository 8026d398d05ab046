"""Agency captions and credits embedded as IPTC IIM and XMP fill a new photo's fields before the metadata goes."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media import metadata
from media.models import Photo

pytestmark = pytest.mark.django_db

ARABIC_CAPTION = "صيادون يعودون إلى الميناء عند الفجر"


def iim_dataset(record, dataset, value):
    return struct.pack(">BBBH", 0x1C, record, dataset, len(value)) + value


def with_iim(jpeg, datasets):
    """``jpeg`` with a Photoshop APP13 segment holding an IPTC IIM block (resource 0x0404), as agencies send."""
    block = b"".join(iim_dataset(*dataset) for dataset in datasets)
    padded = block + b"\x00" * (len(block) % 2)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(block)) + padded
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def xmp_packet(description="Harbour at dawn", credit="Reuters", creator="Ana Ruiz", rights="© Reuters 2026"):
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="{credit}">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>""".encode()


def jpeg(**options):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), 90).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def agency_iim():
    return [
        (1, 90, b"\x1b%G"),
        (2, 120, ARABIC_CAPTION.encode()),
        (2, 110, b"AFP"),
        (2, 80, b"Omar Haddad"),
        (2, 116, "© AFP".encode()),
    ]


def upload(data, **fields):
    photo = Photo(image=SimpleUploadedFile("agency.jpg", data), alt_text="Boats", **fields)
    photo.save()
    return Photo.objects.get(pk=photo.pk)


def test_iim_caption_credit_creator_and_copyright_fill_the_fields_in_utf8_arabic():
    photo = upload(with_iim(jpeg(), agency_iim()))
    assert (photo.caption, photo.credit, photo.creator, photo.copyright) == (
        ARABIC_CAPTION,
        "AFP",
        "Omar Haddad",
        "© AFP",
    )


def test_xmp_fills_the_fields_and_wins_over_iim():
    photo = upload(with_iim(jpeg(xmp=xmp_packet()), agency_iim()))
    assert (photo.caption, photo.credit, photo.creator, photo.copyright) == (
        "Harbour at dawn",
        "Reuters",
        "Ana Ruiz",
        "© Reuters 2026",
    )


def test_what_the_writer_typed_is_kept_and_the_stored_file_has_no_metadata():
    photo = upload(with_iim(jpeg(xmp=xmp_packet()), agency_iim()), caption="Our own caption")
    assert photo.caption == "Our own caption" and photo.credit == "Reuters"
    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        assert "xmp" not in stored.info and "photoshop" not in stored.info


@pytest.mark.parametrize(
    "data",
    [
        jpeg(xmp=b"<x:xmpmeta><rdf:RDF><unclosed"),
        jpeg(xmp=xmp_packet(description="a & b <")),
        with_iim(jpeg(), [(1, 90, b"\x1b%G"), (2, 120, b"\xff\xfe broken \xc3")]),
        jpeg()[:2] + b"\xff\xed\x00\x20Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff" + jpeg()[2:],
    ],
    ids=["unclosed-xmp", "unescaped-xmp", "invalid-utf8-iim", "iim-length-past-the-end"],
)
def test_malformed_metadata_never_stops_the_upload(data):
    found = metadata.read_metadata(data)
    assert all(isinstance(value, str) for value in found.values())
    photo = upload(data)
    assert photo.image and photo.alt_text == "Boats"


def test_latin1_iim_without_a_character_set_is_read():
    found = metadata.read_metadata(with_iim(jpeg(), [(2, 120, "Año nuevo en Cádiz".encode("cp1252"))]))
    assert found == {"caption": "Año nuevo en Cádiz"}
