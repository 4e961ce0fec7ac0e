"""The worklist's read model: each open deadline of a new case, with its dates (`services.case_deadlines_refresh`).

Why a read model: the whole team's worklist follows every case in its first four months (about 6,000 at ten times
Copenhagen). Computed on every visit from the cases, their meetings, Danish education, placements and jobs, it took
a third of a second; from these rows the page reads the 50 it shows of each list and counts the rest in SQL.

What is stored does not depend on the day: the target, the legal limit and the nearest of them, of each deadline not
yet done, and what the lists choose their cases by (the take-over, the caseworker, the birth date). The state (on time, due soon, target missed, legal limit missed) changes overnight, so it is worked out at
read time from these dates and today (`selectors`). The rows are kept in the transaction of every write of the
records they come from (`receivers`), and built again as a whole when the deadline rules change
(`ReadModelState.rules_key`).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDeadline(models.Model):
    # No database constraint: deleting a case (retention, the demo's rebuild) does not have to find its rows first;
    # rows left behind are never read (the lists join the case) and are replaced at its next write (`receivers`).
    case = models.ForeignKey("people.Case", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
                             verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=30)
    # The place of the kind in `rules.deadlines.deadlines_for`: the lists' order among a case's deadlines.
    position = models.PositiveSmallIntegerField(_("position"))
    target = models.DateField(_("target"), null=True)
    legal_limit = models.DateField(_("legal limit"), null=True)
    # The earlier of the target and the legal limit; none only for a meeting to book whose target is not known yet
    # (an arrival whose day is not recorded): such a row is in the list of meetings to book, not in the deadlines.
    nearest = models.DateField(_("nearest date"), null=True)
    # The meeting of this deadline is the one the case is to have booked next (`cases.meeting_to_book`).
    to_book = models.BooleanField(_("meeting to book"), default=False)
    # What the lists choose their cases by, copied from the case and its person: the lists read this table alone
    # (the rows of the older cases the window leaves out are most of it, and a join would read them all).
    takeover_date = models.DateField(_("take-over date"))
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                                   related_name="+", verbose_name=_("caseworker"))
    birth_date = models.DateField(_("birth date"), null=True)

    class Meta:
        verbose_name = _("open deadline")
        verbose_name_plural = _("open deadlines")
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="open_deadline_once_per_case")]
        indexes = [
            models.Index(fields=["takeover_date"]), models.Index(fields=["caseworker", "takeover_date"]),
            # The lists of deadlines due soon and later, in their order: a range of this index, not every row of the
            # window (most of the window is overdue).
            models.Index(fields=["nearest", "case", "position"], name="open_deadline_by_nearest"),
            # The meetings to book: a few of the window's rows.
            models.Index(fields=["takeover_date"], condition=models.Q(to_book=True), name="open_deadline_to_book"),
        ]


class ReceptionStay(models.Model):
    """A current tenancy at a reception location with food distribution, with its household's first benefit payment:
    once paid, a candidate to move on (`selectors.move_on_candidates`). Kept like `OpenDeadline` (`receivers`): the
    whole team's list counts thousands of them at ten times Copenhagen, and counted through the tenancies, rooms,
    locations and households that took a third of the page's time."""

    tenancy = models.OneToOneField("housing.Tenancy", on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
                                   related_name="+", verbose_name=_("tenancy"))
    paid_on = models.DateField(_("first benefit payment"), null=True)

    class Meta:
        verbose_name = _("stay with food distribution")
        verbose_name_plural = _("stays with food distribution")
        indexes = [models.Index(fields=["paid_on", "tenancy"])]


class ReadModelState(models.Model):
    """One row: the deadline rules the read model was last built with. The worklist reads the rows only when they
    match the rules of today's configuration; otherwise it computes the lists itself and has the rows built again."""

    rules_key = models.CharField(_("rules"), max_length=1000)
    built_at = models.DateTimeField(_("built"), null=True)
    rebuild_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("worklist read model state")
        verbose_name_plural = _("worklist read model states")
