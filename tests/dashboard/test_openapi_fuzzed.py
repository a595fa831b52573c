"""schemathesis against the API's own OpenAPI document: no generated input makes the server fail."""

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.web.app import OPENAPI_PATH
from tests.dashboard.served import ADMIN, served, write_store

COOKIE = "gptbot_session"
EXAMPLES = 40


@pytest.fixture
def signed_in(durable_store_url: str) -> Iterator[tuple[object, dict[str, str]]]:
    write_store(durable_store_url)
    with served(durable_store_url) as dashboard:
        yield dashboard.client.app, {"Cookie": f"{COOKIE}={dashboard.container.sessions().issue(ADMIN)}"}


def test_no_generated_request_makes_the_api_fail(signed_in: tuple[object, dict[str, str]]) -> None:
    app, headers = signed_in
    schema = schemathesis.openapi.from_asgi(OPENAPI_PATH, app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # every route of the API is in the document

    # Inputs that fit the document and inputs that do not (those must be refused with a 4xx).
    strategies = [
        operation.as_strategy(mode) for operation in operations for mode in schemathesis.GenerationMode
    ]

    @given(case=st.one_of(*strategies))
    @settings(max_examples=EXAMPLES * len(operations), suppress_health_check=list(HealthCheck), deadline=None)
    def no_server_error(case: schemathesis.Case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
        assert response.status_code != 401  # every case is signed in: the inputs are what is tested

    no_server_error()
