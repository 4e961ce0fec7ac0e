"""A file's type is read from its content, never its name; images lose their metadata (GPS, camera) when kept."""
import io

import pytest
from PIL import Image

from tests.documents.factories import (
    GPS,
    docx_bytes,
    elf_program,
    heic_with_gps,
    jpeg_with_gps,
    pdf_bytes,
    plain_zip,
    png_with_text,
    windows_program,
)
from velkomst.documents import content


@pytest.mark.parametrize("sample, kind, content_type", [
    (pdf_bytes, content.PDF, "application/pdf"),
    (jpeg_with_gps, content.JPEG, "image/jpeg"),
    (png_with_text, content.PNG, "image/png"),
    (heic_with_gps, content.HEIC, "image/heic"),
    (docx_bytes, content.DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_each_accepted_kind_is_known_by_its_content(sample, kind, content_type):
    inspected = content.inspect(sample())
    assert (inspected.kind, inspected.content_type) == (kind, content_type)


@pytest.mark.parametrize("sample, reason", [
    (elf_program, content.EXECUTABLE),
    (windows_program, content.EXECUTABLE),
    (plain_zip, content.NOT_A_DOCX),
    (lambda: docx_bytes(macros=True), content.MACROS),
    (lambda: b"<html><script>alert(1)</script></html>", content.NOT_ACCEPTED),
    (lambda: b"GIF89a" + b"\x00" * 40, content.NOT_ACCEPTED),
    (lambda: b"", content.EMPTY),
    (lambda: b"\xff\xd8\xff\xe0 not really a jpeg" * 3, content.NOT_AN_IMAGE),
    (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, content.NOT_AN_IMAGE),
])
def test_anything_else_is_refused_with_its_reason(sample, reason):
    with pytest.raises(content.Refused) as refused:
        content.inspect(sample())
    assert refused.value.reason == reason


def test_an_executable_is_named_as_a_program_whatever_it_claims():
    with pytest.raises(content.Refused) as refused:
        content.kind_of(elf_program())
    assert (refused.value.reason, refused.value.detected) == (content.EXECUTABLE, "elf")


def test_a_jpeg_loses_its_gps_position_and_camera_and_is_turned_upright():
    original = Image.open(io.BytesIO(jpeg_with_gps(size=(60, 40))))
    assert original.getexif().get_ifd(0x8825) == GPS  # the sample does carry a position
    kept = content.inspect(jpeg_with_gps(size=(60, 40)))
    image = Image.open(io.BytesIO(kept.content))
    assert kept.metadata_stripped
    assert dict(image.getexif()) == {} and image.getexif().get_ifd(0x8825) == {}
    assert b"iPhone" not in kept.content and b"Apple" not in kept.content
    assert image.size == (40, 60)  # orientation 6 applied to the pixels, since the tag is gone


def test_a_png_loses_its_text_chunks_and_exif():
    kept = content.inspect(png_with_text())
    image = Image.open(io.BytesIO(kept.content))
    assert image.info.get("Comment") is None and "exif" not in image.info
    assert b"55.6761" not in kept.content and b"iPhone" not in kept.content


def test_a_heic_photo_stays_heic_without_its_exif_and_xmp():
    original = heic_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    kept = content.inspect(original)
    image = Image.open(io.BytesIO(kept.content))
    assert kept.kind == content.HEIC and kept.content[4:12] == b"ftypheic"
    assert dict(image.getexif()) == {} and not image.info.get("xmp")
    assert b"iPhone" not in kept.content


def test_pdf_and_docx_are_kept_as_received():
    for sample in (pdf_bytes(), docx_bytes()):
        kept = content.inspect(sample)
        assert kept.content == sample and not kept.metadata_stripped


def test_an_image_claiming_a_huge_size_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (12_000, 8_000)).save(out, "PNG")  # 96 megapixels in a few kilobytes
    assert len(out.getvalue()) < 200_000
    with pytest.raises(content.Refused) as refused:
        content.inspect(out.getvalue())
    assert refused.value.reason == content.TOO_MANY_PIXELS
