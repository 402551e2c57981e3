"""Schemathesis-generated requests against the simulator, from its own OpenAPI and from the
vendor's reference description: no 5xx; successful bodies match the declared schema; every
error is in the Webex shape; a malformed body is answered 400."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from jsonschema import Draft7Validator, Draft202012Validator
from schemathesis.generation import GenerationMode
from starlette.testclient import TestClient

from tests.simulator.support import ADMIN, bearer, running_simulator

REFERENCE = json.loads(
    (Path(__file__).parents[2] / "reference" / "webex-wholesale.openapi.json").read_text()
)
OWN_PREFIXES = (
    "/v1/wholesale/customers",
    "/v1/wholesale/subscribers",
    "/v1/wholesale/billing",
    "/v1/wholesale/subPartners",
    "/v1/subscribers",
    "/v1/locations",
)
EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with running_simulator(tmp_path_factory.mktemp("fuzz")) as sim:
        yield sim.client


@pytest.fixture(scope="module")
def token(client: TestClient) -> dict[str, str]:
    answer = client.post(
        "/_sim/tokens", json={"partner": "fuzz", "role": "full_admin"}, headers=bearer(ADMIN)
    )
    return bearer(answer.json()["token"])


def _own_schema() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder, running_simulator(Path(folder)) as sim:
        document: dict[str, Any] = sim.client.get("/openapi.json").json()
    document["paths"] = {
        p: v
        for p, v in document["paths"].items()
        if p.startswith(OWN_PREFIXES) and "setupAssist" not in p
    }
    return document


OWN = _own_schema()
SOURCES = {
    "reference": (schemathesis.openapi.from_dict(REFERENCE), "/v1", Draft7Validator, REFERENCE),
    "own": (schemathesis.openapi.from_dict(OWN), "", Draft202012Validator, OWN),
}
CASES = [
    (source, op.method.upper(), op.path, mode)
    for source, (schema, _, _, _) in SOURCES.items()
    for op in (result.ok() for result in schema.get_all_operations())
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
]


def _send(client: TestClient, case: Any, prefix: str, token: dict[str, str]) -> Any:
    kwargs = case.as_transport_kwargs(base_url=f"http://testserver{prefix}")
    headers = {k: v for k, v in kwargs.get("headers", {}).items() if k.lower() != "authorization"}
    request: dict[str, Any] = {"params": kwargs.get("params"), "headers": {**headers, **token}}
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        request["content"] = kwargs["data"]
    return client.request(kwargs["method"], kwargs["url"], **request)


def _declared_schema(
    document: dict[str, Any], path: str, method: str, status: int
) -> dict[str, Any] | None:
    responses = document["paths"][path][method.lower()]["responses"]
    content = responses.get(str(status), {}).get("content", {}).get("application/json")
    return None if content is None else content.get("schema")


def _mutated_location(case: Any) -> str | None:
    data = getattr(case.meta.phase, "data", None)
    location = getattr(data, "parameter_location", None)
    return None if location is None else str(location.value)


@pytest.mark.parametrize(("source", "method", "path", "mode"), CASES)
def test_generated_requests(
    client: TestClient,
    token: dict[str, str],
    source: str,
    method: str,
    path: str,
    mode: GenerationMode,
) -> None:
    schema, prefix, validator, document = SOURCES[source]
    operation = schema.find_operation_by_path(method, path)
    assert operation is not None

    @EXAMPLES
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(generation_mode=mode))
        answer = _send(client, case, prefix, token)
        assert answer.status_code < 500, answer.text
        if answer.status_code >= 400:
            body = answer.json()
            assert set(body) == {"message", "errors", "trackingId"}, body
            # The billing reports API answers its ReportError, {code: number, description}.
            number = "code" if "/billing/" in path else "errorCode"
            assert body["errors"] and all(isinstance(e[number], int) for e in body["errors"])
        elif answer.content:
            declared = _declared_schema(document, path, method, answer.status_code)
            assert declared is not None, (path, answer.status_code)
            found = list(
                validator({**declared, "components": document["components"]}).iter_errors(
                    answer.json()
                )
            )
            assert not found, [e.message for e in found]
        if mode is GenerationMode.NEGATIVE and _mutated_location(case) == "body":
            assert answer.status_code == 400, (case.body, answer.text)

    try:
        check()
    except Unsatisfiable:
        # Only string path/query parameters: no request can break the schema; the positive
        # run covers the operation. An operation with a body always has malformed variants.
        assert (
            mode is GenerationMode.NEGATIVE
            and "requestBody" not in document["paths"][path][method.lower()]
        )
