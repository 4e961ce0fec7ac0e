"""Schemathesis against the API's own OpenAPI schema: no server error, and every answer as the schema says.

Read operations (GET, and the CPR lookup, which is a POST that writes nothing but the access log)
are generated from the schema and sent through the WSGI application, authenticated with a
caseworker's token. Bounded: 20 examples per operation.
"""
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from tests.api.conftest import token_for
from velkomst.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SAFE_POSTS = {"/api/persons/lookup/"}


@pytest.fixture
def wsgi_in_test_transaction():
    """Like Django's test client: the request signals must not close the test's connection mid-transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _read_operations(schema):
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "GET" or operation.path in SAFE_POSTS:
            yield operation


def _check(operation, headers):
    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.mark.django_db
def test_generated_reads_get_no_server_error_and_answers_that_match_the_schema(system_user, api_objects, wsgi_in_test_transaction):
    headers = {"Authorization": f"Token {token_for(system_user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)
    operations = list(_read_operations(schema))
    assert len(operations) >= 10
    for operation in operations:
        _check(operation, headers)


@pytest.mark.django_db
def test_reads_of_real_objects_match_the_schema(admin_user, api_objects, wsgi_in_test_transaction):
    """Generated ids rarely exist; these calls read the real objects (as an administrator, who may read every kind) and validate the answers."""
    headers = {"Authorization": f"Token {token_for(admin_user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)
    ids = {"person_id": api_objects["person"].pk, "case_id": api_objects["case"].pk, "location_id": api_objects["location"].pk,
           "tenancy_id": api_objects["tenancy"].pk, "appointment_id": api_objects["appointment"].pk,
           "referral_id": api_objects["referral"].pk, "document_id": api_objects["document"].pk}
    for operation in _read_operations(schema):
        names = [p.name for p in operation.path_parameters]
        extra = {"body": {"cpr": "170590-1234"}, "media_type": "application/json"} if operation.path in SAFE_POSTS else {}
        case = operation.Case(path_parameters={name: ids[name] for name in names}, **extra)
        response = case.call(headers=headers)
        assert response.status_code in (200, 201), (operation.path, response.status_code, response.text[:300])
        case.validate_response(response, checks=CHECKS)
