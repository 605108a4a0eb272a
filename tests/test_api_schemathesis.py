"""The API checked against its own OpenAPI document by schemathesis: every operation, with a read token and
with a write token, on the demo alliance: no answer is a 5xx, none violates the document, and no write
succeeds without a write token. Deterministic (derandomized) and bounded (MAX_EXAMPLES per operation)."""
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from account_helpers import create_actors

MAX_EXAMPLES = 12
WRITES = ("POST", "PUT", "PATCH", "DELETE")
READ_ONLY_POSTS = ("/api/v1/matching", "/api/v1/matching/consortium")
LEGACY = "/api/matching"  # the old paths answer in their own (older) error shape; checked in test_api.py


@pytest.fixture
def secrets(app, demo_graph):
    """The demo alliance, the actors, and member A's read token and write token."""
    from allianz.access_tokens import service as tokens

    people = create_actors(app, demo_graph)
    person = SimpleNamespace(id=people["member_a"]["id"])
    with app.app_context():
        return {"read": tokens.create(person, "schemathesis read", ["read"], 30)[0],
                "write": tokens.create(person, "schemathesis write", ["read", "write"], 30)[0]}


def is_write(operation):
    """True for an operation that changes state (the matcher's POSTs only read)."""
    return operation.method.upper() in WRITES and operation.path not in READ_ONLY_POSTS


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def run_operation(operation, headers, scope, seen):
    """Up to MAX_EXAMPLES generated requests against one operation; the checks raise on the first failure."""
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(headers={**(case.headers or {}), **headers, "Accept-Encoding": "identity"})
        case.validate_response(response, checks=CHECKS)
        seen.setdefault(operation.label, set()).add(response.status_code)
        if scope != "write" and is_write(operation):
            assert response.status_code in (401, 403), \
                f"{operation.label} succeeded without a write token: {response.status_code}"
    check()


@pytest.mark.parametrize("scope", ["read", "write", "none"])
def test_every_operation_keeps_to_the_document(app, secrets, scope):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {secrets[scope]}"} if scope in secrets else {}
    checked, seen = [], {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(LEGACY + "") and not operation.path.startswith("/api/v1"):
            continue
        if scope == "none" and not is_write(operation):
            continue  # without a token only the writes are of interest here (all refused)
        run_operation(operation, headers, scope, seen)
        checked.append(operation.label)
    assert checked and all(label.split(" ")[1].startswith("/api/v1") for label in checked)
    if scope == "write":  # the write token got through to the service: some proposals were created
        assert 201 in seen["POST /api/v1/ideas"], seen["POST /api/v1/ideas"]
    print({label: sorted(codes) for label, codes in seen.items()})
