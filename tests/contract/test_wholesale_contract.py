"""The simulator against the vendor's description (reference/webex-wholesale.openapi.json).

Every wholesale operation exists under /v1 with the same method, path and success status; a
recorded happy path of each operation answers a body that validates against the reference's
response schema; and a body missing the reference's required fields is refused with 400 in the
Webex error shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from starlette.testclient import TestClient

from tests.simulator.support import ADMIN as ADMIN_TOKEN
from tests.simulator.support import PROVISIONING_ID, bearer, running_simulator

REFERENCE = json.loads(
    (Path(__file__).parents[2] / "reference" / "webex-wholesale.openapi.json").read_text()
)
ADMIN = bearer(ADMIN_TOKEN)
METHODS = ("get", "post", "put", "delete")
OPERATIONS = [
    (method.upper(), path, op)
    for path, ops in REFERENCE["paths"].items()
    for method, op in ops.items()
    if method in METHODS
]


def _success_statuses(operation: dict[str, Any]) -> set[int]:
    return {int(code) for code in operation["responses"] if code.startswith("2")}


def test_the_reference_has_the_eighteen_operations() -> None:
    assert len(OPERATIONS) == 18


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with running_simulator(tmp_path_factory.mktemp("contract")) as sim:
        yield sim.client


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in OPERATIONS])
def test_operation_exists_with_method_path_and_success_status(
    client: TestClient, method: str, path: str
) -> None:
    ours = client.get("/openapi.json").json()["paths"]
    assert f"/v1{path}" in ours, path
    operation = ours[f"/v1{path}"].get(method.lower())
    assert operation is not None, (method, path)
    reference = REFERENCE["paths"][path][method.lower()]
    assert _success_statuses(reference) <= {int(c) for c in operation["responses"]}


def _happy_paths(client: TestClient) -> dict[tuple[str, str], Any]:
    """Run one successful call of every operation; answers keyed by (method, reference path)."""
    client.post("/_sim/clock", json={"now": "2026-03-10T09:00:00Z"}, headers=ADMIN)
    token = client.post(
        "/_sim/tokens",
        json={"partner": "contract", "role": "full_admin", "provisioningId": PROVISIONING_ID},
        headers=ADMIN,
    )
    auth = {"Authorization": f"Bearer {token.json()['token']}"}
    client.post("/_sim/freeAccounts", json={"emails": ["pending@contract.example"]}, headers=ADMIN)
    client.post("/_sim/subPartners", json={"partner": "contract", "name": "Sub"}, headers=ADMIN)
    body = json.loads((Path(__file__).parent / "customer.json").read_text())
    seen: dict[tuple[str, str], Any] = {}

    def call(method: str, ref: str, url: str, **kwargs: Any) -> Any:
        answer = client.request(method, url, headers=auth, **kwargs)
        assert answer.status_code < 300, (method, url, answer.text)
        seen[(method, ref)] = answer
        return answer

    customers = "/wholesale/customers"
    call(
        "POST",
        f"{customers}/validate",
        f"/v1{customers}/validate",
        json={"address": body["address"]},
    )
    created = call("POST", customers, f"/v1{customers}", json=body)
    customer_id = created.json()["url"].rsplit("/", 1)[1]
    customer = call(
        "GET",
        f"{customers}/{{customerId}}",
        f"/v1{customers}/{customer_id}",
        params={"includePackageLicenseInfo": "true"},
    ).json()
    call("GET", customers, f"/v1{customers}", params={"externalId": body["externalId"]})
    call(
        "PUT",
        f"{customers}/{{customerId}}",
        f"/v1{customers}/{customer_id}",
        json={"packages": body["packages"]},
    )
    location = client.get(
        "/v1/locations", params={"orgId": customer["orgId"]}, headers=auth
    ).json()["items"][0]["id"]
    subscribers = "/wholesale/subscribers"
    subscriber = {
        "customerId": customer_id,
        "email": "alice@contract.example",
        "packages": ["webex_calling"],
        "provisioningParameters": {
            "firstName": "A",
            "lastName": "B",
            "extension": "1001",
            "locationId": location,
        },
    }
    call(
        "POST",
        f"{subscribers}/validate",
        f"/v1{subscribers}/validate",
        json={"email": "x@contract.example"},
    )
    sub_id = call("POST", subscribers, f"/v1{subscribers}", json=subscriber).json()["id"]
    pending = {
        "customerId": customer_id,
        "email": "pending@contract.example",
        "packages": ["webex_meetings"],
        "provisioningParameters": {"firstName": "P", "lastName": "Q"},
    }
    seen[("POST", "pending")] = client.post(f"/v1{subscribers}", json=pending, headers=auth)
    pending_id = seen[("POST", "pending")].json()["id"]
    call("GET", f"{subscribers}/{{subscriberId}}", f"/v1{subscribers}/{sub_id}")
    call("GET", subscribers, f"/v1{subscribers}")
    call(
        "PUT",
        f"{subscribers}/{{subscriberId}}",
        f"/v1{subscribers}/{sub_id}",
        json={"packages": ["webex_meetings"]},
    )
    call(
        "POST",
        "/subscribers/{subscriberId}/emails/consentMove",
        f"/v1/subscribers/{pending_id}/emails/consentMove",
    )
    call("DELETE", f"{subscribers}/{{subscriberId}}", f"/v1{subscribers}/{sub_id}")
    reports = "/wholesale/billing/reports"
    report_id = call(
        "POST",
        reports,
        f"/v1{reports}",
        json={"billingStartDate": "2026-02-01", "billingEndDate": "2026-02-28"},
    ).json()["id"]
    call("GET", f"{reports}/{{id}}", f"/v1{reports}/{report_id}")
    call("GET", reports, f"/v1{reports}")
    call("DELETE", f"{reports}/{{id}}", f"/v1{reports}/{report_id}")
    call("GET", "/wholesale/subPartners", "/v1/wholesale/subPartners")
    call("DELETE", f"{customers}/{{customerId}}", f"/v1{customers}/{customer_id}")
    return seen


@pytest.fixture(scope="module")
def happy(client: TestClient) -> dict[tuple[str, str], Any]:
    return _happy_paths(client)


def _validator(schema: dict[str, Any]) -> Draft7Validator:
    return Draft7Validator({**schema, "components": REFERENCE["components"]})


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in OPERATIONS])
def test_happy_path_matches_the_reference(
    happy: dict[tuple[str, str], Any], method: str, path: str
) -> None:
    answer = happy[(method, path)]
    reference = REFERENCE["paths"][path][method.lower()]
    assert answer.status_code in _success_statuses(reference)
    content = reference["responses"][str(answer.status_code)].get("content", {})
    if "application/json" not in content:
        assert answer.content == b""
        return
    schema = content["application/json"]["schema"]
    errors = sorted(_validator(schema).iter_errors(answer.json()), key=str)
    assert not errors, [e.message for e in errors]
    if (
        "Location" in reference["responses"][str(answer.status_code)].get("headers", {})
        and method != "GET"
    ):
        assert answer.headers["Location"].startswith("http://testserver/v1/wholesale/")


def test_consent_flow_answers_202_with_a_reference_subscriber(
    happy: dict[tuple[str, str], Any],
) -> None:
    answer = happy[("POST", "pending")]
    assert answer.status_code == 202
    response = REFERENCE["paths"]["/wholesale/subscribers"]["post"]["responses"]["202"]
    schema = response["content"]["application/json"]["schema"]
    assert not list(_validator(schema).iter_errors(answer.json()))
    assert answer.json()["status"] == "pending_user_migration"
    assert answer.headers["Location"].endswith(answer.json()["id"])


def _required_body_operations() -> list[tuple[str, str, list[str]]]:
    found = []
    for method, path, op in OPERATIONS:
        schema = (
            op.get("requestBody", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema", {})
        )
        if schema.get("required"):
            found.append((method, path, list(schema["required"])))
    return found


@pytest.mark.parametrize(("method", "path", "required"), _required_body_operations())
def test_missing_required_fields_are_400_in_webex_shape(
    client: TestClient, method: str, path: str, required: list[str]
) -> None:
    token = client.post(
        "/_sim/tokens",
        json={"partner": "contract", "role": "full_admin", "provisioningId": PROVISIONING_ID},
        headers=ADMIN,
    )
    auth = {"Authorization": f"Bearer {token.json()['token']}"}
    url = "/v1" + path.replace("{customerId}", "some-id").replace("{subscriberId}", "some-id")
    answer = client.request(method, url, json={}, headers=auth)
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert set(body) == {"message", "errors", "trackingId"}
    # The billing API's errors are its ReportError, {code: number, description}; the
    # catalogue's code rides along as catalogueCode.
    report_shape = "billing" in path
    names = {e["catalogueCode"] if report_shape else e["code"] for e in body["errors"]}
    assert names == {"api-invalid-request"}
    assert {e["field"] for e in body["errors"]} == set(required)
    number = "code" if report_shape else "errorCode"
    assert all(isinstance(e[number], int) and e["description"] for e in body["errors"])
    assert answer.headers["TrackingID"] == body["trackingId"]
