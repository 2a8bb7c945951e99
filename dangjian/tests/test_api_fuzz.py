"""Every operation of /api/v1/openapi.json, fuzzed with schemathesis (schema-valid cases, bounded and
derandomised) as a branch secretary and as unit staff on the small test world: no answer is a 5xx.
The schema is honest about free text (core.text's rule is its pattern), so valid cases get past
validation and reach the services.

FUZZ_EXAMPLES (default 4) sets the examples per operation; e.g. FUZZ_EXAMPLES=50 for a longer run."""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from config.wsgi import application
from dangjian.accounts import services as account_services
from dangjian.core.schemas import TEXT_PATTERN
from dangjian.core.text import bad_char

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))


def api_schema():
    from dangjian.api import api

    return schemathesis.openapi.from_dict(api.get_openapi_schema())


def bearer(user) -> dict:
    _token, key = account_services.token_create(actor=user, user=user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    # Calling the WSGI application directly fires request_started/finished, whose
    # close_old_connections closes a connection that is inside the test's transaction (PostgreSQL
    # then fails every later query). Django's test client disconnects it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_keeps_the_test_connection")
def test_no_operation_answers_a_server_error(world):
    schema = api_schema()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50

    for operation in operations:
        fuzz(operation, world, failures)
    assert not failures, "\n".join(failures[:30])


def fuzz(operation, world, failures: list[str]) -> None:
    # Fuzzed calls may revoke their own token (auth endpoints): a fresh pair for each operation.
    actors = {"支部书记": bearer(world.secretary), "单位党务": bearer(world.unit_staff)}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        for who, headers in actors.items():
            response = case.call(app=application, headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{who} {operation.label} -> {response.status_code}: "
                    f"{case.path_parameters} {case.query} {str(case.body)[:200]}"
                )

    run()


@pytest.mark.parametrize(
    "text", ["张三", "O'Brien 1-2", "a\u202eb", "a\u200bb", "a\x07b", "a\x85b", "\ufeff", "tab\tok"]
)
def test_the_schema_pattern_accepts_exactly_what_free_text_accepts(text):
    assert bool(re.match(TEXT_PATTERN, text)) == (bad_char(text) is None)
