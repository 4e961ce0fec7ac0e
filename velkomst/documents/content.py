"""What a file is, read from its bytes and never from its name, and the bytes to keep of it (pure: no Django).

Accepted: PDF, JPEG, PNG, HEIC/HEIF and DOCX. The first bytes are read by `filetype` (magic numbers); then each kind
is checked for what it claims to be: an image must decode, a DOCX must be a ZIP with `[Content_Types].xml`, a `word/`
part and no macros. Anything else is refused with a reason code (`Refused.reason`) that the form and the API word for
the user, naming the file. A program (ELF, Windows PE, Mach-O) is named as such, whatever its name says.

Images are re-encoded without their metadata: EXIF (GPS position, camera, time), XMP, IPTC and PNG text chunks go;
the orientation is applied to the pixels first, so a phone photo stands the right way up without its EXIF tag; the
colour profile stays. PDF and DOCX are kept as received.
"""
from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass

import filetype
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

PDF, JPEG, PNG, HEIC, DOCX = "pdf", "jpeg", "png", "heic", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    HEIC: "image/heic",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", HEIC: "heic", DOCX: "docx"}
IMAGES = (JPEG, PNG, HEIC)

# Reason codes of a refusal (the form and the API say each in words).
EMPTY = "empty"
EXECUTABLE = "executable"
NOT_ACCEPTED = "not_accepted"
NOT_AN_IMAGE = "not_an_image"
TOO_MANY_PIXELS = "too_many_pixels"
NOT_A_DOCX = "not_a_docx"
MACROS = "macros"

# A photo from a phone has 12–50 million pixels; a scan at 600 dpi of an A4 page 35 million. A file of a few MB that
# claims far more is a decompression bomb.
MAX_PIXELS = 80_000_000
# The brands of an ISO base media file (ftyp) that are HEIC/HEIF still images; AVIF (also ISO-BMFF) is not taken.
HEIF_BRANDS = {"heic", "heix", "heim", "heis", "hevc", "hevx", "heif", "mif1", "msf1"}
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_CONTENT_TYPES_XML = 1024 * 1024
JPEG_QUALITY = 90
HEIC_QUALITY = 90

# The programs `filetype` names (magic numbers), refused as such.
PROGRAMS = {"elf", "exe", "macho", "dex", "class", "wasm", "swf"}


class Refused(Exception):
    """The file is not taken; `reason` is one of the codes above, `detected` what the bytes are (e.g. "elf")."""

    def __init__(self, reason: str, detected: str = ""):
        self.reason = reason
        self.detected = detected
        super().__init__(f"{reason}: {detected}" if detected else reason)


@dataclass(frozen=True)
class Inspected:
    kind: str  # PDF | JPEG | PNG | HEIC | DOCX
    content: bytes  # what to keep: images re-encoded without metadata, the rest as received
    metadata_stripped: bool

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]


def kind_of(content: bytes) -> str:
    """The accepted kind of the bytes, or `Refused`. Reads the content, not a name."""
    if not content:
        raise Refused(EMPTY)
    guess = filetype.guess(content)
    detected = guess.extension if guess else ""
    if detected in PROGRAMS or content[:2] == b"MZ" or content[:4] == b"\x7fELF":
        raise Refused(EXECUTABLE, detected or "program")
    if detected == "pdf" and content.startswith(b"%PDF-"):
        return PDF
    if detected == "jpg":
        return JPEG
    if detected == "png":
        return PNG
    if _heif_brand(content):
        return HEIC
    if detected in ("docx", "zip"):
        _check_docx(content)
        return DOCX
    raise Refused(NOT_ACCEPTED, detected)


def _heif_brand(content: bytes) -> bool:
    """An ISO-BMFF file whose major brand is a HEIF still image (the `ftyp` box at the start)."""
    return len(content) >= 16 and content[4:8] == b"ftyp" and content[8:12].decode("latin-1") in HEIF_BRANDS


def _check_docx(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or not any(name.startswith("word/") for name in names):
                raise Refused(NOT_A_DOCX)
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise Refused(MACROS)
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_XML:
                raise Refused(NOT_A_DOCX)
            types = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError, RuntimeError, NotImplementedError):
        raise Refused(NOT_A_DOCX) from None
    if DOCX_MAIN not in types:
        # A macro-enabled document (.docm) declares another main part; so do a spreadsheet and a presentation.
        raise Refused(MACROS if b"macroEnabled" in types else NOT_A_DOCX)


def inspect(content: bytes) -> Inspected:
    """The file's kind and the bytes to keep (`Refused` when it is not one of the accepted kinds)."""
    kind = kind_of(content)
    if kind in IMAGES:
        return Inspected(kind=kind, content=strip_metadata(content, kind), metadata_stripped=True)
    return Inspected(kind=kind, content=content, metadata_stripped=False)


def strip_metadata(content: bytes, kind: str) -> bytes:
    """The image re-encoded in its own format without EXIF, XMP, IPTC or text chunks, turned by its orientation tag."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content)) as source:
                width, height = source.size
                if width * height > MAX_PIXELS:
                    raise Refused(TOO_MANY_PIXELS)
                if (source.format or "").upper() not in {"JPEG": {"JPEG", "MPO"}, "PNG": {"PNG"}, "HEIC": {"HEIF"}}[kind.upper()]:
                    raise Refused(NOT_AN_IMAGE, (source.format or "").lower())
                source.load()
                icc_profile = source.info.get("icc_profile")
                transparency = source.info.get("transparency")
                image = ImageOps.exif_transpose(source)  # a copy, turned the way the camera held it
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused(TOO_MANY_PIXELS) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            raise Refused(NOT_AN_IMAGE) from None
    image.info = {}  # nothing of the source's metadata may ride along
    out = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if kind == JPEG:
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif kind == PNG:
        if transparency is not None and image.mode in ("P", "L", "RGB"):
            options["transparency"] = transparency
        image.save(out, format="PNG", **options)
    else:
        if image.mode not in ("RGB", "RGBA", "L"):
            image = image.convert("RGB")
        image.save(out, format="HEIF", quality=HEIC_QUALITY, **options)
    return out.getvalue()
