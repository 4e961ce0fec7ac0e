from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from velkomst.audit.models import AccessLog
from velkomst.formats import parse_date_text
from velkomst.lib.text import whole_number


@dataclass(frozen=True)
class AccessLogFilter:
    action: str = ""
    username: str = ""
    person_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    date_from_text: str = ""
    date_to_text: str = ""
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, query) -> "AccessLogFilter":
        """The filters of the query string; a date written any other way than dd.mm.åååå (or yyyy-mm-dd) is not applied
        and named in ``errors`` by its field (the page answers 400 and keeps what was typed)."""
        errors = {}

        def day(name: str, label) -> date | None:
            text = query.get(name, "").strip()[:20]
            parsed = parse_date_text(text) if text else None
            if text and parsed is None:
                errors[name] = _("“%(name)s” must be a date written dd.mm.yyyy, e.g. 26.11.2026.") % {"name": label}
            return parsed

        person = query.get("person", "")
        return cls(
            action=query.get("action", "") if query.get("action", "") in AccessLog.Action.values else "",
            username=query.get("user", "")[:150],
            person_id=whole_number(person),
            date_from=day("from", _("From")),
            date_to=day("to", _("To")),
            date_from_text=query.get("from", "").strip()[:20],
            date_to_text=query.get("to", "").strip()[:20],
            errors=errors,
        )


def access_log_entries(filters: AccessLogFilter) -> QuerySet[AccessLog]:
    entries = AccessLog.objects.select_related("user", "person")
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.username:
        entries = entries.filter(user__username=filters.username)
    if filters.person_id:
        entries = entries.filter(person_id=filters.person_id)
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    return entries.order_by("-at", "-id")


@dataclass(frozen=True)
class ExtractRow:
    on: date
    action: str
    purpose: str


def citizen_extract(*, person) -> list[ExtractRow]:
    """The log of one person's record, without staff names (what the citizen may be told)."""
    entries = AccessLog.objects.filter(person=person).order_by("at", "id").only("at", "action", "purpose")
    return [
        ExtractRow(on=timezone.localtime(entry.at).date(), action=entry.get_action_display(), purpose=entry.get_purpose_display())
        for entry in entries
    ]
