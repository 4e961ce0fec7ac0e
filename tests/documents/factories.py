"""Sample files made on the spot (a PDF by fpdf2, photos with GPS by Pillow and pillow-heif, a DOCX, programs) and
documents written directly (set-up only; the upload service is tested on its own)."""
import hashlib
import io
import itertools
import zipfile
from datetime import date, datetime
from datetime import timezone as dt_timezone
from pathlib import Path

import pillow_heif
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from PIL import Image, PngImagePlugin

from velkomst.documents.models import Document

_numbers = itertools.count(1)
GPS = {1: "N", 2: (55.0, 40.0, 12.5), 3: "E", 4: (12.0, 34.0, 56.0)}  # Copenhagen: where the photo was taken


def pdf_bytes(text: str = "Lejekontrakt") -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 11, 20, 10, 0, tzinfo=dt_timezone.utc))  # the same bytes every time
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPhone 15"  # Model
    exif[0x0131] = "17.1"  # Software
    exif[0x0112] = 6  # Orientation: the camera was held upright
    exif[0x8825] = GPS  # GPSInfo
    return exif


def jpeg_with_gps(size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=camera_exif())
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Taget på Sjællandsgade 55.6761 12.5683")
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 10)).save(out, "PNG", pnginfo=info, exif=camera_exif())
    return out.getvalue()


def heic_with_gps() -> bytes:
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 20, 200)).save(out, format="HEIF", exif=camera_exif().tobytes(), xmp=b"<x:xmpmeta>GPS</x:xmpmeta>")
    return out.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    main = ("application/vnd.ms-word.document.macroEnabled.main+xml" if macros
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 16)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


def elf_program() -> bytes:
    """A real program of this machine."""
    return Path("/bin/true").read_bytes() if Path("/bin/true").exists() else b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def windows_program() -> bytes:
    return b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def make_document(*, person=None, case=None, tenancy=None, incident=None, kind="other", content: bytes | None = None,
                  original_name: str = "", note: str = "", dated_on: date = date(2026, 11, 20), uploaded_by=None) -> Document:
    content = content if content is not None else pdf_bytes()
    name = storages["documents"].save(f"test/{next(_numbers):06d}.pdf", ContentFile(content))
    return Document.objects.create(
        person=person, case=case, tenancy=tenancy, incident=incident, kind=kind, dated_on=dated_on, note=note,
        original_name=original_name or f"scan-{next(_numbers)}.pdf", content_type="application/pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), stored_as=name, uploaded_by=uploaded_by,
    )
