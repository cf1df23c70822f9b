"""schemathesis against the served OpenAPI document: no 5xx, and answers match the schema.

schemathesis generates requests from /api/v1/openapi.json (valid ones and, in its coverage
phase, invalid ones) and checks each answer: never a server error, a documented status,
the documented media type, a body that validates against the documented schema, and
invalid input refused. It does not require every schema-valid request to succeed: a
schema-valid PNG upload or a text with no sentence is rightly refused with a 415 or 422.

The app is built when this module is imported: schemathesis's pytest fixture loader does
not run under pytest 9 yet.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from briefing.config import Settings
from briefing.web import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
KEY = "schema-test-key"
_instance = tempfile.TemporaryDirectory(prefix="briefing-schema-")

# Small limits keep generated articles quick to summarise; one app without API keys and
# one with, since the document (and the write endpoint) differ.
open_app = create_app(Settings(instance_path=Path(_instance.name) / "open", max_input_bytes=20_000))
keyed_app = create_app(
    Settings(instance_path=Path(_instance.name) / "keyed", max_input_bytes=20_000, api_keys=(KEY,))
)
open_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", open_app)
keyed_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", keyed_app)
RUN = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@open_schema.parametrize()
@RUN
def test_the_api_keeps_its_documented_promises(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


@keyed_schema.include(method="POST", path="/api/v1/briefs").parametrize()
@RUN
def test_the_keyed_write_endpoint_keeps_its_documented_promises(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {KEY}"})
