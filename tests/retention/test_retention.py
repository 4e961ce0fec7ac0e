"""Deletion deadlines: a dry run lists what is due and changes nothing; apply archives, then deletes; younger records stay."""
import json
import zipfile
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import make_room
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing.models import Tenancy
from velkomst.people.models import Case, CaseStatus, CaseStatusChange, Household, HouseholdMember, JournalEntry, Person
from velkomst.retention import services as retention

AS_OF = date(2031, 6, 1)  # every test counts from this day (the clock is never read)
NOW = timezone.make_aware(datetime(2031, 6, 1, 2, 30))  # the moment the package is made


def closed_case(*, closed_on: date, status=CaseStatus.CLOSED, person=None, household=None, **fields) -> Case:
    case = make_case(person=person, household=household, status=status, referral_decision_date=date(2022, 3, 1), **fields)
    CaseStatusChange.objects.filter(case=case, status=status).update(on=closed_on)
    return case


@pytest.fixture
def archive_dir(tmp_path, settings):
    settings.RETENTION_ARCHIVE_DIR = tmp_path / "archive"
    return settings.RETENTION_ARCHIVE_DIR


@pytest.fixture
def old_family(caseworker):
    """A mother and child whose case closed six years before AS_OF: journal, status history, a tenancy, logs, changes."""
    mother = make_person(first_name="Olena", last_name="Arkivova", cpr="0101901234")
    child = make_person(first_name="Taras", last_name="Arkivov", birth_date=date(2018, 1, 1))
    household = make_household((mother, "applicant"), (child, "child"))
    case = closed_case(closed_on=date(2025, 5, 1), person=mother, household=household)
    JournalEntry.objects.create(case=case, text="Flyttet til Aarhus", author=caseworker)
    room = make_room(beds=2)
    first = Tenancy.objects.create(household=household, room=room, moved_in_on=date(2022, 4, 1), moved_out_on=date(2023, 1, 1),
                                   move_out_reason="internal_move", persons=2, household_type="single")
    Tenancy.objects.create(household=household, room=make_room(room.location, beds=2), moved_in_on=date(2023, 1, 1),
                           moved_out_on=date(2025, 5, 1), move_out_reason="other_municipality", persons=2, household_type="single", previous=first)
    AccessLog.objects.create(user=caseworker, action="read", object_type="person", object_id=str(mother.pk), person=mother,
                             purpose="casework", at=timezone.make_aware(datetime(2028, 1, 1)))  # not yet due itself
    FieldChange.objects.create(user=caseworker, object_type="person", object_id=str(mother.pk), person=mother, field="phone",
                               old_value="", new_value="12345678")
    return {"mother": mother, "child": child, "household": household, "case": case, "room": room}


def run(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_dry_run_lists_what_is_due_and_changes_nothing(old_family, archive_dir):
    before = (Person.objects.count(), Case.objects.count(), Tenancy.objects.count(), AccessLog.objects.count())
    output = run("--dry-run", "--as-of", AS_OF.isoformat())
    assert f"due: case {old_family['case'].number}" in output
    assert "Due: 2 persons, 1 cases, 1 households" in output and "nothing was changed" in output
    assert "Olena" not in output and "0101901234" not in output  # ids and case numbers only
    assert (Person.objects.count(), Case.objects.count(), Tenancy.objects.count(), AccessLog.objects.count()) == before
    assert not archive_dir.exists()


@pytest.mark.django_db
def test_apply_archives_then_deletes_the_case_person_household_and_tenancies(old_family, archive_dir):
    mother, household, case = old_family["mother"], old_family["household"], old_family["case"]
    output = run("--apply", "--as-of", AS_OF.isoformat())
    assert "Deleted: 2 persons, 1 cases, 1 households" in output
    assert not Person.objects.filter(pk=mother.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not Tenancy.objects.filter(household_id=household.pk).exists()
    assert not JournalEntry.objects.filter(case_id=case.pk).exists() and not CaseStatusChange.objects.filter(case_id=case.pk).exists()
    assert not FieldChange.objects.filter(new_value="12345678").exists()
    # The child had no case of her own: part of the family's record, she goes with it.
    assert not Person.objects.filter(pk=old_family["child"].pk).exists()
    # The younger log row stays, without its link to the person; each deletion is logged by the system user.
    kept = AccessLog.objects.get(action="read", object_id=str(mother.pk))
    assert kept.person is None
    deletions = AccessLog.objects.filter(action="delete", user__username="retention")
    assert {(row.object_type, row.object_id) for row in deletions} >= {("case", str(case.pk)), ("person", str(mother.pk))}
    assert all(row.criteria["archive"].endswith(".zip") for row in deletions)
    # The room is the centre's, not the citizen's.
    assert old_family["room"].__class__.objects.filter(pk=old_family["room"].pk).exists()


@pytest.mark.django_db
def test_the_archive_package_holds_the_person_s_data_with_checksums(old_family, archive_dir):
    run("--apply", "--as-of", AS_OF.isoformat())
    [package] = list(archive_dir.glob("*.zip"))
    manifest = retention.archive_verify(package)
    assert manifest["as_of"] == AS_OF.isoformat() and manifest["summary"]["cases"] == [old_family["case"].number]
    with zipfile.ZipFile(package) as archive:
        person_file = json.loads(archive.read(f"persons/person-{old_family['mother'].pk}.json"))
        household_file = json.loads(archive.read(f"households/household-{old_family['household'].pk}.json"))
    models = {row["model"] for row in person_file}
    assert {"people.person", "people.case", "people.journalentry", "people.casestatuschange", "audit.fieldchange"} <= models
    person = next(row for row in person_file if row["model"] == "people.person")
    assert person["fields"]["cpr"] == "0101901234" and person["fields"]["first_name"] == "Olena"
    assert sum(row["model"] == "housing.tenancy" for row in household_file) == 2


@pytest.mark.django_db
def test_a_case_closed_four_years_ago_stays(archive_dir):
    recent = closed_case(closed_on=date(2027, 6, 1), status=CaseStatus.LEFT, left_reason="moved_away")
    output = run("--apply", "--as-of", AS_OF.isoformat())
    assert "Nothing is due" in output
    assert Case.objects.filter(pk=recent.pk).exists() and Person.objects.filter(pk=recent.person_id).exists()


@pytest.mark.django_db
def test_a_person_with_another_open_case_is_kept_whole(archive_dir):
    old = closed_case(closed_on=date(2024, 1, 1))
    make_case(person=old.person, household=old.household, status=CaseStatus.IN_PROGRAMME)
    plan = retention.due(as_of=AS_OF)
    assert plan.persons == [] and [c.pk for c in plan.kept_cases] == [old.pk]


@pytest.mark.django_db
def test_a_household_with_a_remaining_member_stays(archive_dir):
    gone, stays = make_person(first_name="Anna"), make_person(first_name="Ivan")
    household = make_household((gone, "applicant"), (stays, "spouse"))
    closed_case(closed_on=date(2024, 1, 1), person=gone, household=household)
    make_case(person=stays, household=household, status=CaseStatus.EMPLOYED)
    retention.retention_apply(as_of=AS_OF, now=NOW)
    assert not Person.objects.filter(pk=gone.pk).exists()
    assert Household.objects.filter(pk=household.pk).exists()
    assert list(HouseholdMember.objects.filter(household=household).values_list("person_id", flat=True)) == [stays.pk]


@pytest.mark.django_db
def test_access_log_rows_past_their_deadline_are_archived_and_deleted(caseworker, archive_dir, settings):
    settings.RETENTION = {"access_log_years": 2}
    old = AccessLog.objects.create(user=caseworker, action="search", object_type="", purpose="casework",
                                   criteria={"q": "kovalenko"}, at=timezone.make_aware(datetime(2029, 5, 31)))
    young = AccessLog.objects.create(user=caseworker, action="search", object_type="", purpose="casework",
                                     at=timezone.make_aware(datetime(2029, 6, 2)))
    assert "1 access-log rows" in run("--dry-run", "--as-of", AS_OF.isoformat())
    outcome = retention.retention_apply(as_of=AS_OF, now=NOW)
    assert outcome.access_log == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists() and AccessLog.objects.filter(pk=young.pk).exists()
    assert outcome.archive.name == "velkomst-archive-2031-06-01-20310601-023000.zip"  # stamped with the caller's moment
    with zipfile.ZipFile(outcome.archive) as archive:
        assert json.loads(archive.read("access_log.json"))[0]["fields"]["criteria"] == {"q": "kovalenko"}
        assert json.loads(archive.read("manifest.json"))["created_at"] == NOW.isoformat()
    assert AccessLog.objects.filter(action="delete", object_type="accesslog", criteria__rows=1).exists()


def test_the_deadlines_come_from_the_environment_with_defaults(monkeypatch):
    import subprocess
    import sys

    code = "from django.conf import settings; import django; django.setup(); print(settings.RETENTION['case_closed_years'], settings.RETENTION['access_log_years'])"
    env = {"DJANGO_SETTINGS_MODULE": "velkomst.settings", "RETENTION_CASE_CLOSED_YEARS": "10", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(retention.settings.BASE_DIR))
    assert result.stdout.split() == ["10", "5"], result.stderr
