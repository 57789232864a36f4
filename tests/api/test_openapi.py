"""The API against its own OpenAPI description (schemathesis), as each persona, and its docs page offline.

schemathesis reads /api/v1/openapi.json from the running app (WSGI, the test's database) and draws
requests from it, valid and not: none may answer 5xx, and every answer must be one the description
declares (status code, media type, body schema, headers). The number of examples is bounded and
the runs are derandomized, so the same requests run every time.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hotseat.api.actions import create_token
from hotseat.api.api import api
from hotseat.api.models import ApiToken
from tests.clients import signed_in
from tests.factories import UserFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 15


@pytest.fixture
def tokens(group, other_group, organizer) -> dict[str, str]:
    """A read-and-write token for each persona of the running group, and a read token of its leader."""
    people = {
        "outsider": UserFactory(),
        "other_group": other_group.leader,
        "member": group.members[0],
        "leader": group.leader,
        "organizer": organizer,
    }
    made = {
        who: create_token(user, name="schemathesis", scope=ApiToken.Scope.READ_WRITE).secret
        for who, user in people.items()
    }
    made["read_only"] = create_token(group.leader, name="read", scope=ApiToken.Scope.READ).secret
    return made


# The description as the app serves it, loaded once; requests go to the app in-process (WSGI).
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = get_wsgi_application()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def api_schema(db, settings):
    settings.API_RATE_LIMIT = 10_000  # the limit has its own test; here it would only hide answers
    # As Django's test client does: the end of a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield SCHEMA
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_description_for_every_persona(api_schema, tokens, operation, data):
    case = data.draw(operation.as_strategy())
    for token in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    case.call_and_validate(checks=CHECKS)  # and with no credentials at all


def test_real_answers_match_the_description(api_schema, tokens, group):
    """The drawn ids rarely name a row; these do, so the 200 bodies are checked against the description too."""
    cohort = group.mastermind.cohort
    slugs = {"program": cohort.program.slug, "cohort": cohort.slug}
    reads = [
        ("/api/v1/programs", {}),
        ("/api/v1/programs/{program}", {"program": cohort.program.slug}),
        ("/api/v1/programs/{program}/cohorts", {"program": cohort.program.slug}),
        ("/api/v1/programs/{program}/cohorts/{cohort}", slugs),
        ("/api/v1/programs/{program}/cohorts/{cohort}/board", slugs),
        ("/api/v1/me/masterminds", {}),
        ("/api/v1/masterminds/{mastermind}", {"mastermind": group.mastermind.pk}),
        ("/api/v1/masterminds/{mastermind}/meetings", {"mastermind": group.mastermind.pk}),
    ]
    seen = set()
    for who in ("leader", "member", "organizer", "outsider"):
        for path, parameters in reads:
            case = api_schema[path]["GET"].Case(path_parameters=parameters)
            response = case.call_and_validate(headers={"Authorization": f"Bearer {tokens[who]}"}, checks=CHECKS)
            seen.add(response.status_code)
    leave = api_schema["/api/v1/programs/{program}/cohorts/{cohort}/seat"]["DELETE"].Case(path_parameters=slugs)
    answer = leave.call_and_validate(headers={"Authorization": f"Bearer {tokens['member']}"}, checks=CHECKS)
    assert answer.status_code == 200
    assert seen == {200, 404}


def test_docs_page_works_offline_under_the_csp(alice):
    response = signed_in(alice).get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/static/") for s in sources)
    assert "cdn" not in page.lower()
    # Every script is a file of ours or data (application/json), never inline code.
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes or not body.strip()
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_openapi_describes_problems_and_bearer_auth(db, client):
    description = client.get("/api/v1/openapi.json").json()
    assert description["openapi"].startswith("3.")
    assert "Problem" in description["components"]["schemas"]
    assert description["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    board = description["paths"]["/api/v1/programs/{program}/cohorts/{cohort}/board"]["get"]["responses"]
    assert "application/problem+json" in board["404"]["content"]
    assert "304" in board
