"""The class page's roster form: a case number that matches no participant is a field error, not a server error."""
import pytest
from django.urls import reverse

from tests.programme.factories import make_class, make_participant
from velkomst.education.models import RosterEntry


@pytest.mark.django_db
def test_an_unknown_case_number_is_named_on_its_field_and_nothing_is_added(client, staff):
    teaching_class = make_class()
    client.force_login(staff["teacher"])
    response = client.post(reverse("education_roster_add", args=[teaching_class.pk]), {"case_number": "1999-99999", "joined_on": "30.11.2026"})
    assert response.status_code == 400
    assert "case_number" in response.context["roster_form"].errors
    assert not RosterEntry.objects.exists()


@pytest.mark.django_db
def test_a_participant_is_added_by_case_number(client, staff):
    teaching_class, case = make_class(), make_participant()
    client.force_login(staff["teacher"])
    response = client.post(reverse("education_roster_add", args=[teaching_class.pk]), {"case_number": case.number, "joined_on": "30.11.2026"})
    assert response.status_code == 302
    assert RosterEntry.objects.filter(teaching_class=teaching_class, case=case).exists()


@pytest.mark.django_db
def test_a_learner_is_found_by_name_and_added_with_one_click_and_the_names_shown_are_logged(client, staff):
    from velkomst.audit.models import AccessLog

    teaching_class, case = make_class(), make_participant()
    client.force_login(staff["teacher"])
    url = reverse("education_roster_search", args=[teaching_class.pk])
    response = client.post(url, {"q": case.person.last_name})
    assert response.status_code == 200 and case.person.last_name not in url
    assert [c.pk for c in response.context["found"]] == [case.pk]
    html = response.content.decode()
    assert f'name="case_number" value="{case.number}"' in html
    assert AccessLog.objects.filter(person=case.person, action="search", object_type="roster search").exists()
    joined = response.context["today"].strftime("%d.%m.%Y")
    assert client.post(reverse("education_roster_add", args=[teaching_class.pk]), {"case_number": case.number, "joined_on": joined}).status_code == 302
    assert RosterEntry.objects.filter(teaching_class=teaching_class, case=case).exists()


@pytest.mark.django_db
def test_an_empty_search_names_the_field_and_a_search_without_match_says_so(client, staff):
    teaching_class = make_class()
    client.force_login(staff["teacher"])
    url = reverse("education_roster_search", args=[teaching_class.pk])
    response = client.post(url, {"q": ""})
    assert response.status_code == 400 and "q" in response.context["search_form"].errors
    assert "Ingen deltager i programmet passer til søgningen." in client.post(url, {"q": "Ingensteds"}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["housing_host", "reception", "manager"])
def test_roles_that_do_not_manage_education_cannot_search_for_learners(client, staff, role):
    teaching_class = make_class()
    client.force_login(staff[role])
    assert client.post(reverse("education_roster_search", args=[teaching_class.pk]), {"q": "a"}).status_code == 403


@pytest.mark.django_db
def test_the_track_s_reason_is_not_called_optional_and_saving_a_track_without_it_names_the_field(client, staff):
    """Issue 15: the language school's reason is needed with the track, so its label must not say "(valgfri)"."""
    import re

    from velkomst.education.models import LearnerPlacement

    case = make_participant()
    client.force_login(staff["teacher"])
    url = reverse("education_placement", args=[case.pk])
    html = client.get(url).content.decode()
    label = re.search(r'<label[^>]*for="id_reason"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "valgfri" not in label and "Skal udfyldes, når I vælger sporet" in html
    assert "valgfri" in re.search(r'<label[^>]*for="id_years_of_schooling"[^>]*>(.*?)</label>', html, re.S).group(1)
    response = client.post(url, {"track": "DU3", "reason": "", "started_on": "01.12.2026", "literate_in_own_language": "on"})
    assert "reason" in response.context["form"].errors and not LearnerPlacement.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_moving_a_learner_in_a_job_to_a_private_school_leads_back_to_the_classes_not_to_a_page_the_teacher_may_not_open(client, staff):
    """Issue 15: the move ends the centre's Danish classes, and with them the teacher's sight of the citizen."""
    from datetime import date

    from tests.programme.factories import on_roster
    from velkomst.education.models import LearnerPlacement
    from velkomst.programme.models import Employment

    case = make_participant(status="employed")
    on_roster(make_class(track="DU3"), case, joined_on=date(2026, 1, 5))
    LearnerPlacement.objects.create(case=case, suggested_track="DU3", track="DU3", decision_reason="Lang uddannelse", started_on=date(2026, 1, 5))
    Employment.objects.create(case=case, employer="Netto", hours_per_week=30, monthly_income=24000, started_on=date(2026, 5, 1))
    client.force_login(staff["teacher"])
    assert client.get(reverse("education_learner", args=[case.pk])).status_code == 200
    response = client.post(reverse("education_private_school", args=[case.pk]), {"school": "Studieskolen", "from_on": "01.08.2026"})
    assert response.status_code == 302 and response["Location"] == reverse("education_classes")
    assert LearnerPlacement.objects.get(case=case).private_school == "Studieskolen"
    assert client.get(reverse("education_learner", args=[case.pk])).status_code == 404  # why the page would have been a dead end
