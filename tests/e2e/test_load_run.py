"""Acceptance (issue 7): ``rtm load`` against a local simulator for 60 seconds completes with a
summary whose counts match what the simulator then holds — no acknowledged operation missing.
Plus: a small run that finishes early, and one clear line with exit 2 when the run cannot start.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.e2e.conftest import PROVISIONING_ID, SimServer, closed_port

RTM = str(Path(sys.executable).with_name("rtm"))


def _load(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RTM, "load", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _held(server: SimServer, partner: str) -> dict[str, int]:
    """What the simulator holds for a partner, counted independently of the load run."""
    token = server.mint(partner)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx2.Client(base_url=server.url, headers=headers, timeout=60) as http:
        customers = _all(http, "/v1/wholesale/customers")
        return {
            "customers": len(customers),
            "subscribers": len(_all(http, "/v1/wholesale/subscribers")),
            "assists": len(_all(http, "/v1/wholesale/setupAssist/requests")),
            "billing": len(_all(http, "/v1/wholesale/billing/reports")),
        }


def _all(http: httpx2.Client, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url: str | None = path
    params: dict[str, str] | None = {"max": "100"}
    while url:
        answer = http.get(url, params=params)
        answer.raise_for_status()
        items += answer.json()["items"]
        link = answer.links.get("next")
        url, params = (link["url"], None) if link else (None, None)
    return items


@pytest.mark.slow
def test_sixty_second_run_matches_what_the_simulator_holds(
    sim_server: SimServer, tmp_path: Path
) -> None:
    out = tmp_path / "summary.json"
    done = _load(
        "--url", sim_server.url, "--customers", "5000", "--concurrency", "8",
        "--duration", "60", "--admin-token", sim_server.admin_token, "--run-tag", "sixty",
        "--seed", "3", "--json", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["complete"] is True
    assert summary["seconds"] >= 60
    assert all(n == 0 for n in summary["missing"].values())
    assert summary["errors"] == {}
    held = _held(sim_server, "rtm-load-sixty-0")
    for kind, count in held.items():
        assert summary["acknowledged"][kind] == count == summary["held"][kind], kind
    # How many went through is throughput (benchmarks/); here only that some of each did.
    assert summary["acknowledged"]["customers"] > 0
    assert summary["acknowledged"]["subscribers"] > 0
    for op in ("customer.precheck", "customer.create", "customer.poll", "subscriber.create"):
        figures = summary["operations"][op]
        assert figures["requests"] > 0 and figures["ops_per_s"] > 0
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert summary["total"]["requests"] == sum(
        o["requests"] for o in summary["operations"].values()
    )


def test_small_run_finishes_early_and_prints_tables(sim_server: SimServer) -> None:
    httpx2.put(
        f"{sim_server.url}/_sim/transitions",
        json={"mode": "immediate"},
        headers=sim_server.admin(),
    ).raise_for_status()
    done = _load(
        "--url", sim_server.url, "--customers", "6", "--concurrency", "3", "--duration", "120",
        "--token", sim_server.mint("own-partner"), "--billing-every", "3",
        "--provisioning-id", PROVISIONING_ID,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "customers started 6, completed 6" in done.stdout
    assert "nothing missing" in done.stdout
    held = _held(sim_server, "own-partner")
    assert held["customers"] == 6 and held["billing"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--customers", "3"], "give --token"),
        (["--customers", "0", "--token", "t"], "--customers must be at least 1"),
        (["--customers", "3", "--token", "t", "--subscribers-per-customer", "x"], "not a number"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], message: str) -> None:
    done = _load("--url", "http://127.0.0.1:9", *args, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_unreachable_url_and_refused_token_exit_2(sim_server: SimServer) -> None:
    with closed_port() as port:
        nowhere = f"http://127.0.0.1:{port}"
        done = _load("--url", nowhere, "--customers", "2", "--token", "t", timeout=60)
    assert done.returncode == 2 and f"cannot reach {nowhere}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = _load("--url", sim_server.url, "--customers", "2", "--token", "wrong", timeout=60)
    assert done.returncode == 2 and "refused the token (401)" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_run_that_cannot_be_verified_exits_1(sim_server: SimServer, tmp_path: Path) -> None:
    # docs/load.md: exit 1 when something acknowledged is missing or could not be checked.
    # Reading subscribers back fails (the load only creates them), so nothing can be verified.
    plan = {
        "seed": 1,
        "rules": [{"method": "GET", "route": "/v1/wholesale/subscribers*", "status": 500}],
    }
    httpx2.put(
        f"{sim_server.url}/_sim/faults", json=plan, headers=sim_server.admin()
    ).raise_for_status()
    out = tmp_path / "summary.json"
    done = _load(
        "--url", sim_server.url, "--customers", "2", "--concurrency", "2", "--spawn-rate", "1",
        "--duration", "60", "--admin-token", sim_server.admin_token, "--run-tag", "unverified",
        "--json", str(out),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Not verified: cannot read" in " ".join(done.stdout.split())
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["acknowledged"]["customers"] == 2  # --spawn-rate 1 still starts both users
