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
