from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from velkomst.audit.models import AccessLog
from velkomst.lib.text import whole_number


@dataclass(frozen=True)
class AccessLogFilter:
    action: str = ""
    username: str = ""
    person_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_query(cls, query) -> "AccessLogFilter":
        def parse_date(text):
            try:
                return datetime.strptime(text, "%Y-%m-%d").date() if text else None
            except ValueError:
                return None

        person = query.get("person", "")
        return cls(
            action=query.get("action", "") if query.get("action", "") in AccessLog.Action.values else "",
            username=query.get("user", "")[:150],
            person_id=whole_number(person),
            date_from=parse_date(query.get("from", "")),
            date_to=parse_date(query.get("to", "")),
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
