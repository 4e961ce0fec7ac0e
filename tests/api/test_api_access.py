"""Who may call which API operation (the same capability table as the pages), 401 without credentials, and the access log."""
import pytest
from django.test import Client

from velkomst.accounts import roles
from velkomst.audit.models import AccessLog

# (method, path template, capability): every operation of the API.
OPERATIONS = [
    ("get", "/api/persons/", "search_person"),
    ("post", "/api/persons/", "register_person"),
    ("post", "/api/persons/lookup/", "search_person"),
    ("get", "/api/persons/{person}/", "view_person"),
    ("patch", "/api/persons/{person}/", "change_person"),
    ("patch", "/api/households/{household}/", "change_person"),
    ("get", "/api/cases/", "view_person"),
    ("get", "/api/cases/{case}/", "view_person"),
    ("patch", "/api/cases/{case}/", "change_case"),
    ("post", "/api/cases/{case}/status/", "change_case"),
    ("post", "/api/referrals/", "manage_referrals"),
    ("post", "/api/referrals/import/", "manage_referrals"),
    ("get", "/api/referrals/{referral}/", "manage_referrals"),
    ("get", "/api/locations/", "view_housing"),
    ("get", "/api/locations/{location}/", "view_housing"),
    ("get", "/api/tenancies/", "view_tenancies"),
    ("post", "/api/tenancies/", "manage_tenancies"),
    ("get", "/api/tenancies/{tenancy}/", "view_tenancies"),
    ("get", "/api/appointments/", "book_meetings"),
    ("get", "/api/appointments/{appointment}/", "book_meetings"),
    ("get", "/api/documents/", "view_documents"),
    ("post", "/api/documents/", "upload_documents"),
    ("get", "/api/documents/{document}/file/", "view_documents"),
]


def _path(template: str, objects: dict) -> str:
    return template.format(**{name: getattr(obj, "pk", None) for name, obj in objects.items()})


def test_the_table_covers_every_api_operation():
    from django.urls import URLPattern, get_resolver

    from velkomst.api.permissions import capability_for

    api = next(p for p in get_resolver().url_patterns if str(getattr(p, "pattern", "")) == "api/")
    listed = {(method.upper(), template.split("{")[0]) for method, template, _ in OPERATIONS}
    for pattern in api.url_patterns:
        view_class = getattr(pattern.callback, "cls", None)
        if not isinstance(pattern, URLPattern) or pattern.name in ("api_schema",) or view_class is None:
            continue
        for method in ("GET", "POST", "PATCH"):
            if hasattr(view_class, method.lower()) and capability_for(view_class, method):
                assert (method, "/api/" + str(pattern.pattern).split("<")[0]) in listed, (method, pattern.pattern)


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_is_refused_exactly_where_the_table_says(api_as, staff, api_objects, role):
    client = api_as(staff[role])
    for method, template, capability in OPERATIONS:
        response = getattr(client, method)(_path(template, api_objects), {}, format="json")
        if role in roles.roles_with(capability):
            assert response.status_code != 403, (method, template, response.content[:200])
        else:
            assert response.status_code == 403, (method, template)
            assert response.json() == {"errors": {"detail": ["Your role may not do this."]}}


@pytest.mark.django_db
def test_without_credentials_every_operation_answers_401_in_json(api_client, api_objects):
    for method, template, _capability in OPERATIONS:
        response = getattr(api_client, method)(_path(template, api_objects), {}, format="json")
        assert response.status_code == 401, (method, template)
        assert response["WWW-Authenticate"] == "Token"
        assert list(response.json()["errors"]) == ["detail"]


@pytest.mark.django_db
def test_a_wrong_token_is_refused(api_client, api_objects):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get("/api/persons/").status_code == 401


@pytest.mark.django_db
def test_a_system_token_reads_a_person_and_the_read_is_logged(api_as, system_user, api_objects):
    person = api_objects["person"]
    response = api_as(system_user).get(f"/api/persons/{person.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["first_name"] == "Олена" and body["cpr"] == "170590-1234"
    assert {m["person"] for m in body["household"]["members"]} == {person.pk, api_objects["child"].pk}
    log = AccessLog.objects.get(user=system_user, action="read")
    assert (log.person_id, log.object_type, log.object_id) == (person.pk, "person", str(person.pk))


@pytest.mark.django_db
def test_a_list_is_logged_as_one_search_with_its_filters(api_as, system_user, api_objects):
    response = api_as(system_user).get("/api/cases/", {"status": "arrived", "target_group": "displaced_ukrainian"})
    assert response.status_code == 200 and response.json()["count"] == 2
    log = AccessLog.objects.get(user=system_user, action="search")
    assert log.criteria == {"kind": "cases", "filters": {"status": "arrived", "target_group": "displaced_ukrainian"}, "results": 2, "via": "api"}


@pytest.mark.django_db
def test_a_filter_named_kind_is_logged_beside_the_kind_of_search_not_over_it(api_as, system_user, api_objects):
    assert api_as(system_user).get("/api/appointments/", {"kind": "welcome"}).status_code == 200
    log = AccessLog.objects.get(user=system_user, action="search")
    assert log.criteria["kind"] == "appointments" and log.criteria["filters"] == {"kind": "welcome"}


@pytest.mark.django_db
def test_a_cpr_lookup_is_a_post_and_is_logged_masked(api_as, system_user, api_objects):
    client = api_as(system_user)
    assert client.get("/api/persons/lookup/").status_code == 405
    response = client.post("/api/persons/lookup/", {"cpr": "1705901234"}, format="json")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [api_objects["person"].pk]
    log = AccessLog.objects.get(user=system_user, action="search")
    assert "1234" not in str(log.criteria) and log.criteria["kind"] == "cpr"


@pytest.mark.django_db
def test_a_cpr_in_a_query_string_is_refused_and_names_the_fix(api_as, system_user, api_objects):
    response = api_as(system_user).get("/api/persons/", {"cpr": "170590-1234"})
    assert response.status_code == 400
    assert "POST /api/persons/lookup/" in response.json()["errors"]["cpr"][0]
    assert not AccessLog.objects.filter(criteria__icontains="1234").exists()


@pytest.mark.django_db
def test_a_housing_host_sees_only_the_residents_of_their_own_locations(api_as, staff, api_objects):
    from tests.factories import make_case

    outsider = make_case()
    client = api_as(staff[roles.HOUSING_HOST])
    ids = {p["id"] for p in client.get("/api/persons/").json()["results"]}
    assert ids == {api_objects["person"].pk, api_objects["child"].pk}
    assert client.get(f"/api/persons/{outsider.person_id}/").status_code == 404


@pytest.mark.django_db
def test_restricted_case_flags_are_null_for_roles_that_may_not_see_them(api_as, staff, api_objects):
    case = api_objects["case"]
    assert api_as(staff[roles.CASEWORKER]).get(f"/api/cases/{case.pk}/").json()["sensitive"]["patient"] is True
    assert api_as(staff[roles.RECEPTION]).get(f"/api/cases/{case.pk}/").json()["sensitive"] is None


@pytest.mark.django_db
def test_staff_use_the_api_with_their_session_and_csrf(staff, api_objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff[roles.CASEWORKER])
    assert client.get("/api/persons/").status_code == 200
    refused = client.post("/api/persons/lookup/", {"cpr": "170590-1234"}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["errors"]["detail"][0]
    client.get("/api/docs/")
    token = client.cookies["csrftoken"].value
    allowed = client.post("/api/persons/lookup/", {"cpr": "170590-1234"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 200


@pytest.mark.django_db
def test_the_schema_needs_credentials_and_documents_the_error_answers(api_client, api_as, system_user):
    assert api_client.get("/api/schema/").status_code == 401
    schema = api_as(system_user).get("/api/schema/?format=json").json()
    lookup = schema["paths"]["/api/persons/lookup/"]["post"]
    assert {"200", "400", "401", "403", "404"} <= set(lookup["responses"])
    assert schema["components"]["schemas"]["Errors"]["required"] == ["errors"]
    for path in schema["paths"]:
        assert "cpr" not in [p["name"] for op in schema["paths"][path].values() for p in op.get("parameters", [])]


@pytest.mark.django_db
def test_the_documentation_page_lists_the_operations_with_their_roles(client_as, staff):
    response = client_as(staff[roles.MANAGER]).get("/api/docs/")
    assert response.status_code == 200
    assert "/api/persons/lookup/" in response.content.decode()


@pytest.mark.django_db
def test_an_administrator_creates_a_system_user_whose_token_reads_with_its_role(staff, api_client, capsys):
    from django.core.management import call_command

    call_command("api_user_create", "jobcenter", "--role", roles.MANAGER)
    key = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/locations/").status_code == 200
    assert api_client.get("/api/persons/").status_code == 403


@pytest.mark.django_db
def test_a_location_shows_its_rooms_with_the_persons_living_there_and_its_occupancy(api_as, staff, api_objects):
    body = api_as(staff[roles.HOUSING_HOST]).get(f"/api/locations/{api_objects['location'].pk}/").json()
    assert [(r["code"], r["beds"], r["occupants"]) for r in body["rooms"]] == [("solterrasserne/101", 3, 2)]
    assert body["occupancy"]["occupied"] == 2 and body["occupancy"]["free"] == 1
