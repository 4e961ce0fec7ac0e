"""The staff pages: administrators only; a new account's temporary password shown once and changed at the first login;
deactivate, reset, unlock; roles read-only with single sign-on; bad input named; the same queries whatever the staff."""
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_staff
from tests.factories import make_case
from tests.housing.factories import make_location
from velkomst.accounts import roles

User = get_user_model()


def staff_urls(member) -> list[tuple[str, str]]:
    return [("get", "/staff/"), ("get", "/staff/new/"), ("get", f"/staff/{member.pk}/"), ("post", f"/staff/{member.pk}/active/"),
            ("post", f"/staff/{member.pk}/password/"), ("post", f"/staff/{member.pk}/unlock/"), ("get", "/staff/hand-over/")]


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMIN])
def test_every_staff_page_refuses_every_role_but_the_administrator(client, staff, role):
    member = staff["colleague"]
    client.force_login(staff[role])
    for method, url in staff_urls(member):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"active": "0", "first_name": "X"}).status_code == 403, url
    assert User.objects.get(pk=member.pk).is_active


def test_the_administrator_creates_a_host_who_must_choose_a_password_at_the_first_login(client, admin_user):
    lygten = make_location(name="Lygten")
    client.force_login(admin_user)
    response = client.post("/staff/new/", {"first_name": "Birgitte", "last_name": "Holm", "username": "birgitte", "email": "bh@kk.dk",
                                           "role": "housing_host", "locations": [lygten.pk]})
    assert response.status_code == 200
    password = response.context["password"]
    host = User.objects.get(username="birgitte")
    assert host.role == roles.HOUSING_HOST and list(host.hosted_locations.all()) == [lygten]
    assert password in response.content.decode() and password not in response.get("Location", "")
    # The first login goes to the password page, and nowhere else until a password is chosen.
    client.logout()
    assert client.post("/login/", {"username": "birgitte", "password": password}).status_code == 302
    assert client.get("/housing/")["Location"] == "/staff/my-password/"
    weak = client.post("/staff/my-password/", {"old_password": password, "new_password1": "birgitte1", "new_password2": "birgitte1"})
    assert weak.status_code == 400 and {"new_password1", "new_password2"} & set(weak.context["form"].errors)
    done = client.post("/staff/my-password/", {"old_password": password, "new_password1": "Sjællandsgade-40-nøgler", "new_password2": "Sjællandsgade-40-nøgler"})
    assert done.status_code == 302
    assert client.get("/housing/").status_code == 200  # still logged in, free to go on
    assert not User.objects.get(pk=host.pk).password_must_change


def test_bad_account_input_is_named_beside_each_field(client, admin_user):
    make_staff("mette", roles.CASEWORKER)
    client.force_login(admin_user)
    response = client.post("/staff/new/", {"first_name": "", "last_name": "Sørensen\x07", "username": "Mette", "email": "ikke-en-adresse", "role": "boss"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"first_name", "last_name", "email", "role"}
    taken = client.post("/staff/new/", {"first_name": "Mette", "last_name": "S", "username": "METTE", "role": "caseworker"})
    assert taken.status_code == 400 and "username" in taken.context["form"].errors
    lygten = make_location()
    not_host = client.post("/staff/new/", {"first_name": "Jo", "last_name": "K", "username": "jo", "role": "reception", "locations": [lygten.pk]})
    assert not_host.status_code == 400 and "locations" in not_host.context["form"].errors
    assert not User.objects.filter(username__in=["Mette", "METTE", "jo"]).exists()


def test_bad_input_on_an_account_s_page_is_named_and_changes_nothing(client, admin_user, caseworker):
    make_staff("mette", roles.CASEWORKER)
    client.force_login(admin_user)
    response = client.post(f"/staff/{caseworker.pk}/", {"first_name": "C", "last_name": "", "username": "caseworker", "role": "caseworker"})
    assert response.status_code == 400 and set(response.context["form"].errors) == {"last_name"}
    taken = client.post(f"/staff/{caseworker.pk}/", {"first_name": "C", "last_name": "W", "username": "Mette", "role": "caseworker"})
    assert taken.status_code == 400 and set(taken.context["form"].errors) == {"username"}
    last_admin = client.post(f"/staff/{admin_user.pk}/", {"first_name": "A", "last_name": "B", "username": "admin", "role": "reception"})
    assert last_admin.status_code == 400 and "role" in last_admin.context["form"].errors
    assert User.objects.get(pk=caseworker.pk).username == "caseworker" and User.objects.get(pk=admin_user.pk).role == roles.ADMIN


def test_the_administrator_deactivates_gives_a_temporary_password_and_unlocks(client, admin_user, caseworker):
    client.force_login(admin_user)
    page = client.get(f"/staff/{caseworker.pk}/").content.decode()
    assert f"/staff/{caseworker.pk}/active/" in page and f"/staff/{caseworker.pk}/password/" in page
    reset = client.post(f"/staff/{caseworker.pk}/password/")
    assert reset.status_code == 200 and User.objects.get(pk=caseworker.pk).check_password(reset.context["password"])
    AccessAttempt.objects.create(username="caseworker", ip_address="10.0.0.1", user_agent="x", failures_since_start=5, get_data="", post_data="",
                                 http_accept="", path_info="/login/")
    locked = client.get(f"/staff/{caseworker.pk}/")
    assert locked.context["row"].locked_out and f"/staff/{caseworker.pk}/unlock/" in locked.content.decode()
    assert client.post(f"/staff/{caseworker.pk}/unlock/").status_code == 302 and not AccessAttempt.objects.exists()
    assert client.post(f"/staff/{caseworker.pk}/active/", {"active": "0"}).status_code == 302
    assert not User.objects.get(pk=caseworker.pk).is_active
    assert client.post(f"/staff/{caseworker.pk}/active/", {"active": "1"}).status_code == 302
    assert User.objects.get(pk=caseworker.pk).is_active


def test_bad_actions_are_refused_with_a_message_and_change_nothing(client, admin_user, caseworker):
    client.force_login(admin_user)
    assert client.post(f"/staff/{caseworker.pk}/active/", {"active": "maybe"}).status_code == 302
    assert client.post(f"/staff/{admin_user.pk}/active/", {"active": "0"}).status_code == 302  # not one's own
    assert client.post(f"/staff/{caseworker.pk}/unlock/").status_code == 302  # not locked out
    assert User.objects.get(pk=admin_user.pk).is_active and User.objects.get(pk=caseworker.pk).is_active
    assert client.get("/staff/999999/").status_code == 404


def test_with_single_sign_on_the_role_is_read_only_and_no_account_is_made_here(client, admin_user, caseworker, settings):
    settings.OIDC_RP_CLIENT_ID = "velkomst"
    client.force_login(admin_user)
    assert client.get("/staff/new/").context["form"] is None
    form = client.get(f"/staff/{caseworker.pk}/").context["form"]
    assert "role" not in form.fields
    response = client.post(f"/staff/{caseworker.pk}/", {"first_name": "Mette", "last_name": "S", "username": "caseworker", "role": "admin"})
    assert response.status_code == 302 and User.objects.get(pk=caseworker.pk).role == roles.CASEWORKER
    assert client.post("/staff/new/", {"first_name": "X", "last_name": "Y", "username": "xy", "role": "admin"}).status_code == 200
    assert not User.objects.filter(username="xy").exists()


def test_the_staff_pages_cost_the_same_queries_with_more_staff_and_cases(client, admin_user, caseworker, django_assert_max_num_queries):
    client.force_login(admin_user)
    urls = ["/staff/", "/staff/new/", f"/staff/{caseworker.pk}/", f"/staff/hand-over/?from_user={caseworker.pk}", "/staff/hand-over/",
            "/staff/my-password/"]
    make_case(caseworker=caseworker)
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    for n in range(6):
        host = make_staff(f"vaert{n}", roles.HOUSING_HOST)
        make_location().hosts.add(host)
        make_case(caseworker=make_staff(f"sb{n}", roles.CASEWORKER))
        make_case(caseworker=caseworker)
        AccessAttempt.objects.create(username=f"sb{n}", ip_address="10.0.0.1", user_agent="x", failures_since_start=5, get_data="",
                                     post_data="", http_accept="", path_info="/login/")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
