"""Staff accounts: created with a role and a temporary password that must be changed, deactivated (never deleted),
given a new temporary password, unlocked; with single sign-on on the identity provider decides roles. Each change has
its history and an access-log row, and no password or hash ever reaches them."""
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import make_staff
from tests.housing.factories import make_location
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.staff import services

User = get_user_model()


def mette(**fields) -> services.StaffData:
    return services.StaffData(**({"username": "mette.soerensen", "first_name": "Mette", "last_name": "Sørensen"} | fields))


def history(user) -> dict[str, tuple[str, str]]:
    return {c.field: (c.old_value, c.new_value) for c in FieldChange.objects.filter(object_type="user", object_id=str(user.pk)).order_by("id")}


def test_an_account_is_created_with_a_role_and_a_temporary_password_that_must_be_changed(admin_user):
    user, password = services.staff_create(by=admin_user, data=mette(email="mette@kk.dk"), role=roles.CASEWORKER)
    assert user.role == roles.CASEWORKER and user.password_must_change and user.check_password(password)
    assert len(password) == services.TEMPORARY_PASSWORD_LENGTH
    changes = history(user)
    assert changes["username"] == ("", "mette.soerensen") and changes["role"] == ("", "caseworker")
    assert changes["password_must_change"] == ("", "True") and "password" not in changes
    assert not FieldChange.objects.filter(new_value__contains=password).exists()
    assert not FieldChange.objects.filter(new_value__contains=user.password).exists()
    assert AccessLog.objects.filter(user=admin_user, action="create", object_type="user", object_id=str(user.pk)).exists()


def test_a_housing_host_is_created_with_the_locations_they_run_and_only_a_host_runs_locations(admin_user):
    lygten, hejrevej = make_location(name="Lygten"), make_location(name="Hejrevej")
    host, _password = services.staff_create(by=admin_user, data=mette(username="birgitte"), role=roles.HOUSING_HOST, locations=[lygten, hejrevej])
    assert set(host.hosted_locations.all()) == {lygten, hejrevej}
    with pytest.raises(ValidationError) as error:
        services.staff_create(by=admin_user, data=mette(), role=roles.CASEWORKER, locations=[lygten])
    assert "locations" in error.value.message_dict


def test_bad_account_input_is_refused_by_field(admin_user):
    make_staff("mette.soerensen", roles.CASEWORKER)
    for data, role, field in ((mette(username="Mette.Soerensen"), roles.CASEWORKER, "username"), (mette(username="mette s"), roles.CASEWORKER, "username"),
                              (mette(username="ny", first_name=" "), roles.CASEWORKER, "first_name"), (mette(username="ny"), "boss", "role")):
        with pytest.raises(ValidationError) as error:
            services.staff_create(by=admin_user, data=data, role=role)
        assert field in error.value.message_dict, field


def test_changing_the_role_records_it_and_a_host_leaving_the_role_leaves_their_locations(admin_user):
    location = make_location()
    host, _ = services.staff_create(by=admin_user, data=mette(), role=roles.HOUSING_HOST, locations=[location])
    services.staff_update(by=admin_user, user=host, data=mette(last_name="Holm"), role=roles.RECEPTION)
    host = User.objects.get(pk=host.pk)
    assert host.role == roles.RECEPTION and host.last_name == "Holm" and not host.hosted_locations.exists()
    role_changes = FieldChange.objects.filter(object_type="user", object_id=str(host.pk), field="role").order_by("id")
    assert [(c.old_value, c.new_value) for c in role_changes] == [("", "housing_host"), ("housing_host", "reception")]


def test_the_last_active_administrator_keeps_the_role_and_the_account(admin_user):
    with pytest.raises(ValidationError):
        services.staff_update(by=admin_user, user=admin_user, data=services.StaffData(username="admin", first_name="A", last_name="B"),
                              role=roles.CASEWORKER)
    other = make_staff("admin2", roles.ADMIN)
    with pytest.raises(ValidationError) as error:
        services.staff_active_set(by=other, user=other, active=False)  # not one's own account
    assert "active" in error.value.message_dict
    services.staff_active_set(by=admin_user, user=other, active=False)
    with pytest.raises(ValidationError):
        services.staff_active_set(by=other, user=admin_user, active=False)  # the last active one


def test_a_deactivated_account_is_kept_cannot_log_in_and_can_be_reactivated(client, admin_user, caseworker):
    services.staff_active_set(by=admin_user, user=caseworker, active=False)
    assert User.objects.filter(pk=caseworker.pk, is_active=False).exists()
    assert client.post("/login/", {"username": "caseworker", "password": "test-password-123"}).status_code == 200  # refused
    assert history(caseworker)["is_active"] == ("True", "False")
    with pytest.raises(ValidationError):
        services.staff_active_set(by=admin_user, user=caseworker, active=False)
    services.staff_active_set(by=admin_user, user=caseworker, active=True)
    assert client.post("/login/", {"username": "caseworker", "password": "test-password-123"}).status_code == 302


def test_a_deactivated_member_of_staff_is_logged_out_at_the_next_request(client, admin_user, caseworker):
    client.force_login(caseworker)
    assert client.get("/my-cases/").status_code == 200
    services.staff_active_set(by=admin_user, user=caseworker, active=False)
    assert client.get("/my-cases/").status_code == 302


def test_a_temporary_password_replaces_the_old_one_lifts_the_lock_and_is_never_in_the_history(admin_user, caseworker):
    AccessAttempt.objects.create(username="caseworker", ip_address="10.0.0.1", user_agent="x", failures_since_start=5, get_data="", post_data="",
                                 http_accept="", path_info="/login/")
    password = services.staff_password_reset(by=admin_user, user=caseworker)
    caseworker.refresh_from_db()
    assert caseworker.check_password(password) and not caseworker.check_password("test-password-123") and caseworker.password_must_change
    assert not AccessAttempt.objects.filter(username="caseworker").exists()
    assert history(caseworker)["password"] == ("", "temporary")
    assert not FieldChange.objects.filter(new_value__contains=password).exists()
    assert AccessLog.objects.get(object_type="user", object_id=str(caseworker.pk)).criteria == {"account": "password_reset"}


def test_an_account_that_signs_on_with_the_municipal_login_has_no_password_to_reset(admin_user):
    sso = User.objects.create_user(username="sso-user")
    sso.set_unusable_password()
    sso.save()
    with pytest.raises(ValidationError):
        services.staff_password_reset(by=admin_user, user=sso)


def test_unlocking_removes_the_failed_logins_of_the_username_from_every_address(admin_user, caseworker):
    for address in ("10.0.0.1", "10.0.0.2"):
        AccessAttempt.objects.create(username="caseworker", ip_address=address, user_agent="x", failures_since_start=5, get_data="",
                                     post_data="", http_accept="", path_info="/login/")
    assert services.staff_unlock(by=admin_user, user=caseworker) == 2
    assert not AccessAttempt.objects.exists()
    assert history(caseworker)["locked_out"] == ("yes", "")
    with pytest.raises(ValidationError):
        services.staff_unlock(by=admin_user, user=caseworker)


def test_with_single_sign_on_on_accounts_and_roles_come_from_the_identity_provider(admin_user, caseworker, settings):
    settings.OIDC_RP_CLIENT_ID = "velkomst"
    with pytest.raises(ValidationError):
        services.staff_create(by=admin_user, data=mette(), role=roles.CASEWORKER)
    with pytest.raises(ValidationError):
        services.staff_update(by=admin_user, user=caseworker, data=services.StaffData(username="caseworker", first_name="C", last_name="W"),
                              role=roles.ADMIN)
    services.staff_update(by=admin_user, user=caseworker, data=services.StaffData(username="caseworker", first_name="C", last_name="W"))
    assert User.objects.get(pk=caseworker.pk).role == roles.CASEWORKER


def test_the_first_administrator_is_made_from_the_command_line(db):
    out = StringIO()
    call_command("staff_create", "peter", role="admin", first_name="Peter", last_name="Dahl", stdout=out)
    peter = User.objects.get(username="peter")
    password = out.getvalue().split("temporary password ")[1].split()[0]
    assert peter.role == roles.ADMIN and peter.check_password(password) and peter.password_must_change
    assert FieldChange.objects.filter(object_id=str(peter.pk), user__username=services.COMMAND_LINE_USERNAME).exists()
    assert not User.objects.get(username=services.COMMAND_LINE_USERNAME).is_active
    with pytest.raises(CommandError):
        call_command("staff_create", "peter", role="admin", first_name="Peter", last_name="Dahl", stdout=StringIO())
    call_command("staff_create", "jonas", role="reception", first_name="Jonas", last_name="Krogh", by="peter", stdout=StringIO())
    assert AccessLog.objects.filter(user=peter, action="create", object_type="user").exists()


def test_changing_one_s_own_password_ends_the_temporary_one(admin_user):
    user, password = services.staff_create(by=admin_user, data=mette(), role=roles.CASEWORKER)
    services.password_change(user=user, password="Et-langt-nyt-kodeord-2026")
    user.refresh_from_db()
    assert not user.password_must_change and user.check_password("Et-langt-nyt-kodeord-2026") and not user.check_password(password)
    with pytest.raises(ValidationError):
        services.password_change(user=user, password="12345")  # the settings' validators


def test_locked_out_usernames_are_those_at_the_limit_within_the_cool_off(caseworker, settings):
    from velkomst.staff.selectors import locked_out_usernames

    AccessAttempt.objects.create(username="caseworker", ip_address="10.0.0.1", user_agent="x", failures_since_start=settings.AXES_FAILURE_LIMIT,
                                 get_data="", post_data="", http_accept="", path_info="/login/")
    AccessAttempt.objects.create(username="colleague", ip_address="10.0.0.1", user_agent="x", failures_since_start=2, get_data="",
                                 post_data="", http_accept="", path_info="/login/")
    now = timezone.now()
    assert locked_out_usernames(now=now) == {"caseworker"}
    assert locked_out_usernames(now=now + timedelta(hours=1)) == set()
