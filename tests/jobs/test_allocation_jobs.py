"""Relocation plans always, and proposals for more than five households, are made by background jobs (immediate
under test): the page follows the job, the result is kept and shown on its own page, with the solver time a plan needs."""
from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.conftest import make_staff
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst import engine
from velkomst.allocation import services, tasks
from velkomst.allocation.models import Proposal, RelocationPlan
from velkomst.audit.models import AccessLog
from velkomst.housing.models import Location, Tenancy
from velkomst.jobs.models import Job
from velkomst.jobs.services import run_job

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def closing(db):
    """A location to empty (a family and a man) and one with room for both."""
    closing = make_location(code="closing", name="Lukker")
    target = make_location(code="target", name="Modtager")
    make_room(target, number="1", beds=3)
    make_room(target, number="2", beds=1)
    family, man = make_family(children=1), make_single(gender="M")
    house(family, make_room(closing, number="A", beds=3))
    house(man, make_room(closing, number="B", beds=1))
    return {"location": closing, "family": family, "man": man}


def by_date() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def start_relocation(client, location) -> Job:
    response = client.post("/allocation/relocations/", {"mode": "empty_location", "location": location.pk, "by_date": by_date()})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    return Job.objects.get(pk=response["Location"].split("/")[2])


@pytest.mark.django_db
def test_a_relocation_plan_is_a_job_whose_page_links_to_the_kept_move_list(closing, staff, client):
    client.force_login(staff["reception"])
    job = start_relocation(client, closing["location"])
    assert (job.kind, job.status, job.progress, job.failure) == (Job.Kind.RELOCATION_PLAN, Job.Status.DONE, 100, "")
    plan = RelocationPlan.objects.get(job=job)
    assert job.result_url == f"/allocation/relocations/plans/{plan.pk}/"
    assert {m["to_room"] for m in plan.result["moves"]} == {"target/1", "target/2"}
    # A reload of the finished job's page leads to the plan, every time.
    for _ in range(2):
        assert client.get(f"/jobs/{job.pk}/")["Location"] == job.result_url
    AccessLog.objects.all().delete()
    page = client.get(job.result_url).content.decode()
    assert f"Husstand {closing['family'].pk}" in page and "Modtager 1" in page and "Modtager 2" in page
    assert "Lukker" in page and "Flytteliste" in page
    persons = set(closing["family"].members.values_list("person_id", flat=True)) | set(closing["man"].members.values_list("person_id", flat=True))
    assert set(AccessLog.objects.filter(user=staff["reception"], action="read").values_list("person_id", flat=True)) == persons
    # The planner page, after a reload, lists the plan.
    assert f'href="{job.result_url}"' in client.get("/allocation/relocations/").content.decode()


@pytest.mark.django_db
def test_the_relocation_plan_page_is_the_starter_s_or_the_same_role_s(closing, staff, client):
    client.force_login(staff["reception"])
    url = start_relocation(client, closing["location"]).result_url
    client.force_login(make_staff("reception-2", "reception"))
    assert client.get(url).status_code == 200
    client.force_login(staff["housing_host"])  # may plan relocations, but for their own locations, and did not make this one
    assert client.get(url).status_code == 404
    client.force_login(staff["caseworker"])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_relocation_solver_gets_the_time_a_plan_needs_not_the_request_s(closing, staff, client, monkeypatch):
    limits = []
    real = engine.solve

    def solve(instance, *, time_limit, **kwargs):
        limits.append(time_limit)
        return real(instance, time_limit=min(time_limit, 5), **kwargs)

    monkeypatch.setattr(engine, "solve", solve)
    client.force_login(staff["reception"])
    start_relocation(client, closing["location"])
    with override_settings(RELOCATION_TIME_LIMIT=45):
        start_relocation(client, closing["location"])
    assert limits == [30, 45] and services.PROPOSAL_TIME_LIMIT == 5


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_a_relocation_job_for_a_location_closed_meanwhile_fails_and_says_why(closing, staff, client):
    client.force_login(staff["reception"])
    job = start_relocation(client, closing["location"])
    assert job.status == Job.Status.QUEUED  # the dummy backend only records the task
    page = client.get("/allocation/relocations/").content.decode()
    assert f'href="/jobs/{job.pk}/"' in page  # the planner links to the job still waiting
    Location.objects.filter(pk=closing["location"].pk).update(status=Location.Status.CLOSED)
    run_job(str(job.pk), services.relocation_run)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.failure.startswith("Lokationen er lukket eller er ikke længere blandt dem")
    assert not RelocationPlan.objects.exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Arbejdet kunne ikke gøres færdigt" in page and job.failure in page


@pytest.mark.django_db
def test_a_move_from_the_plan_page_comes_back_to_the_plan(closing, staff, client):
    client.force_login(staff["reception"])
    job = start_relocation(client, closing["location"])
    plan = RelocationPlan.objects.get(job=job)
    move = next(m for m in plan.result["moves"] if m["to_room"] == "target/2")
    client.force_login(staff["admin"])  # may move households; the plan is reception's, so the move goes back to the planner
    response = client.post("/allocation/relocations/apply/", {"tenancy": move["tenancy"], "to_room": "target/2", "plan": plan.pk})
    assert response["Location"] == "/allocation/relocations/"
    client.force_login(staff["reception"])
    reception_move = next(m for m in plan.result["moves"] if m["to_room"] == "target/1")
    response = client.post("/allocation/relocations/apply/", {"tenancy": reception_move["tenancy"], "to_room": "target/1", "plan": plan.pk})
    assert response["Location"] == job.result_url
    assert not Tenancy.objects.current().filter(room__location=closing["location"]).exists()
    assert client.get(job.result_url).content.decode().count("Flyttet") == 2


@pytest.mark.django_db
def test_the_plan_page_reads_the_same_number_of_queries_for_two_moves_and_for_six(staff, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff["reception"])
    counts = []
    for n in (2, 6):
        source, target = make_location(), make_location()
        for _ in range(n):
            house(make_single(gender="M"), make_room(source, beds=1))
            make_room(target, beds=1)
        job = start_relocation(client, source)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(job.result_url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def waiting(n: int) -> list:
    return [make_single(gender="F", status="referred") for _ in range(n)]


@pytest.fixture
def rooms(db):
    location = make_location(code="vesterbro", name="Vesterbro")
    for number in range(8):
        make_room(location, number=str(100 + number), beds=1)


@pytest.mark.django_db
def test_every_proposal_is_a_job_and_its_page_leads_to_the_proposal(rooms, staff, client):
    """Solving never happens inside the request, for one household as for six."""
    client.force_login(staff["reception"])
    for count in (1, 6):
        households = waiting(count)
        response = client.post("/allocation/", {"households": [h.pk for h in households], "move_in_on": by_date()})
        job = Job.objects.get()
        assert response["Location"] == f"/jobs/{job.pk}/"
        assert (job.kind, job.status, job.capability) == (Job.Kind.PLACEMENT_PROPOSAL, Job.Status.DONE, "propose_placements")
        proposal = Proposal.objects.get()
        assert job.result_url == f"/allocation/proposals/{proposal.pk}/" and len(proposal.plan["assignments"]) == count
        assert job.params == {"households": sorted(h.pk for h in households), "move_in_on": timezone.localdate().isoformat()}
        assert client.get(response["Location"])["Location"] == job.result_url  # the finished job's page leads there
        Job.objects.all().delete()
        Proposal.objects.all().delete()


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_a_proposal_job_whose_households_were_housed_meanwhile_fails_and_says_why(rooms, staff, client):
    six = waiting(6)
    job = services.proposal_start(by=staff["reception"], households=six, move_in_on=date(2026, 11, 30))
    location = Location.objects.get(code="vesterbro")
    for household in six:
        house(household, make_room(location, beds=1))
    client.force_login(staff["reception"])
    assert f'href="/jobs/{job.pk}/"' in client.get("/allocation/").content.decode()  # the waiting list links to the job still queued
    tasks.proposal_task.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.failure.startswith("Ingen af de valgte husstande venter længere på bolig")
    assert not Proposal.objects.exists()
    assert f'href="/jobs/{job.pk}/"' not in client.get("/allocation/").content.decode()  # finished: no longer linked


@pytest.mark.django_db
def test_a_target_group_plan_says_how_many_keep_their_room(staff, client):
    general = make_location(code="general", name="Almindelig")
    reserved = make_location(code="herberg", name="Herberg", reserved_for="vulnerable")
    make_room(reserved, number="1", beds=1)
    moving = house(make_single(gender="M", addiction=True), make_room(general, number="7", beds=1))
    staying = house(make_single(gender="M", addiction=True), make_room(general, number="8", beds=1))
    job = Job.objects.create(kind=Job.Kind.RELOCATION_PLAN, capability="plan_relocations", role="reception", started_by=staff["reception"],
                             status=Job.Status.DONE)
    plan = RelocationPlan.objects.create(job=job, created_by=staff["reception"], mode="category", category="vulnerable", by_date=date(2026, 11, 30),
                                         result={"moves": [{"tenancy": moving.pk, "to_room": "herberg/1"}], "stays": [staying.pk], "unplaced": []})
    client.force_login(staff["reception"])
    page = client.get(f"/allocation/relocations/plans/{plan.pk}/").content.decode()
    assert "Sårbare beboere, senest 30.11.2026" in page and "1 husstand beholder sit værelse." in page and "Herberg 1" in page
    plan.result["stays"] = []
    plan.save()
    assert "beholder" not in client.get(f"/allocation/relocations/plans/{plan.pk}/").content.decode()
