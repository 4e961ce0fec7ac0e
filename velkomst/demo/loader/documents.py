"""Writes the planned documents: a generated scan (PDF, fpdf2) or phone photo (PNG, Pillow) each, read and stripped like
an upload (`documents.content`), into the documents storage, with their rows."""
from __future__ import annotations

import hashlib
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from fpdf import FPDF
from PIL import Image, ImageDraw

from velkomst.demo.loader.bulk import aware
from velkomst.demo.records import DemoPlan
from velkomst.documents import content
from velkomst.documents.models import Document
from velkomst.documents.selectors import storage
from velkomst.documents.services import stored_files_delete
from velkomst.housing.models import Tenancy


def scan_pdf(title: str, on) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(aware(on, 11))  # dated by the plan, not the clock
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.multi_cell(0, 10, title.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 7, "Syntetisk demodokument - ikke et rigtigt dokument.\nVelkomst, Center for Modtagelse og Integration.",
                   new_x="LMARGIN", new_y="NEXT")
    for line in range(12):
        pdf.line(20, 80 + line * 9, 190, 80 + line * 9)
    pdf.text(20, 210, "Underskrift: ______________________")
    return bytes(pdf.output())


def photo_png(title: str) -> bytes:
    """A small "phone photo" of a signed page: paper on a table, lines of text and a signature."""
    image = Image.new("RGB", (360, 480), (120, 95, 70))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 330, 450), fill=(250, 250, 245))
    draw.text((45, 45), title.encode("ascii", "replace").decode("ascii"), fill=(20, 20, 20))
    for y in range(80, 360, 16):
        draw.line((45, y, 315, y), fill=(170, 170, 170))
    draw.line((60, 410, 200, 395), fill=(20, 40, 140), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_documents(plan: DemoPlan, *, persons: list, cases: list, households: list) -> int:
    """Write the plan's documents; `persons`, `cases` and `households` are the saved rows in plan order."""
    if not plan.documents:
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in={d.by for d in plan.documents})}
    wanted = {d.index for d in plan.documents if d.target == "tenancy"}
    tenancies = {}
    for index in wanted:
        planned = plan.housing.tenancies[index]
        tenancies[index] = Tenancy.objects.filter(household=households[planned.household], moved_in_on=planned.moved_in_on).first()
    rows = []
    for number, planned in enumerate(plan.documents):
        raw = scan_pdf(planned.title, planned.dated_on) if planned.form == "pdf" else photo_png(planned.title)
        inspected = content.inspect(raw)
        attached = {"person": {"person": persons[planned.index] if planned.target == "person" else None},
                    "case": {"case": cases[planned.index] if planned.target == "case" else None},
                    "tenancy": {"tenancy": tenancies.get(planned.index)}}[planned.target]
        if None in attached.values():
            continue
        name = storage().save(f"demo/{number:03d}-{hashlib.sha256(raw).hexdigest()[:24]}.{inspected.extension}", ContentFile(inspected.content))
        rows.append(Document(
            kind=planned.kind, dated_on=planned.dated_on, note=planned.note, original_name=planned.original_name,
            content_type=inspected.content_type, size=len(inspected.content), sha256=hashlib.sha256(inspected.content).hexdigest(),
            metadata_stripped=inspected.metadata_stripped, stored_as=name, uploaded_by=users.get(planned.by),
            uploaded_at=aware(planned.dated_on, 11), **attached,
        ))
    Document.objects.bulk_create(rows)
    return len(rows)


def clear_documents() -> None:
    """Remove every document and its file (demo rebuild only)."""
    stored_files_delete(list(Document.objects.values_list("stored_as", flat=True)))
    Document.objects.all().delete()
