"""The data extract as a readable PDF: the same sections as the JSON, with the interface's labels (Danish by default)."""
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from velkomst.documents.models import Document
from velkomst.letters.pdf import new_document, write
from velkomst.people.models import Case, Household, Person


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name.replace("_", " ")


def _model_for(accessor: str, parent):
    for relation in parent._meta.related_objects:
        if relation.get_accessor_name() == accessor:
            return relation.related_model
    return None


def _value(value) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}.{value[5:7]}.{value[0:4]}"  # dd.mm.yyyy
    return str(value)


def _rows(pdf, row: dict, model) -> None:
    for name, value in row.items():
        if name == "id" or isinstance(value, (list, dict)):
            continue
        write(pdf, f"{_label(model, name) if model else name}: {_value(value)}", align="L", size=9, space=0)
    pdf.ln(2)


def _section(pdf, title: str, rows: list[dict], model) -> None:
    write(pdf, title, align="L", size=12, style="B", space=1)
    for row in rows:
        _rows(pdf, row, model)
        for key, nested in row.items():
            if isinstance(nested, list) and nested and isinstance(nested[0], dict):
                nested_model = _model_for(key, model) if model else None
                title = capfirst(str(nested_model._meta.verbose_name_plural)) if nested_model else key
                write(pdf, title, align="L", size=10, style="B", space=1)
                for item in nested:
                    _rows(pdf, item, nested_model)


def extract_pdf(data: dict, *, person: Person) -> bytes:
    pdf = new_document()
    pdf.set_title(_("Data extract"))
    pdf.add_page()
    write(pdf, "Københavns Kommune · Center for Modtagelse og Integration", align="L", size=9, space=6)
    write(pdf, _("Data extract for %(name)s") % {"name": person.full_name}, align="L", size=16, style="B", space=2)
    write(pdf, _("Everything Velkomst holds about the person on %(date)s (GDPR article 15).") % {"date": _value(data["generated_at"][:10])},
           align="L", size=10, space=6)
    _section(pdf, _("Person"), [data["person"]], Person)
    for key, rows in data["person_related"].items():
        model = _model_for(key, Person)
        _section(pdf, capfirst(str(model._meta.verbose_name_plural)) if model else key, rows, model)
    if data["household"]:
        household = data["household"]
        _section(pdf, _("Household"), [{k: v for k, v in household.items() if not isinstance(v, list)}], Household)
        write(pdf, _("Members"), align="L", size=10, style="B", space=1)
        for member in household["members"]:
            write(pdf, f"{member['first_name']} {member['last_name']}, {_value(member['birth_date'])} ({member['relation']})", align="L", size=9, space=0)
        pdf.ln(2)
        tenancy_model = apps.get_model("housing", "Tenancy")
        _section(pdf, _("Housing history"), household["housing_history"], tenancy_model)
        for key, rows in household.items():
            if key not in ("members", "housing_history") and isinstance(rows, list) and rows:
                model = _model_for(key, Household)
                _section(pdf, capfirst(str(model._meta.verbose_name_plural)) if model else key, rows, model)
    for case in data["cases"]:
        _section(pdf, _("Case %(number)s") % {"number": case.get("number", "")}, [case], Case)
    if data.get("documents"):
        _section(pdf, _("Documents handed in"), [{k: v for k, v in row.items() if k not in ("file", "attached_to")}
                                                for row in data["documents"]], Document)
        write(pdf, _("The files themselves are in the extract as a ZIP."), align="L", size=9, space=4)
    write(pdf, _("Access log (without staff names)"), align="L", size=12, style="B", space=1)
    for row in data["access_log"]:
        write(pdf, f"{_value(row['date'])}: {row['action']} — {row['purpose']}", align="L", size=9, space=0)
    return bytes(pdf.output())
