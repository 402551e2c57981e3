"""The examples that end each command's help (``rtm COMMAND --help``); command path → lines."""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "rtm template": ("rtm template -o onboarding.xlsx",),
    "rtm validate": (
        "rtm validate onboarding.xlsx",
        "rtm validate onboarding.xlsx --as-of 2026-11-25 --json report.json",
        "rtm validate onboarding.xlsx --partner partner.toml --annotated marked.xlsx",
        "rtm validate onboarding.xlsx --journal onboarding.journal.sqlite",
    ),
    "rtm fix": (
        "rtm fix onboarding.xlsx -o fixed.xlsx",
        "rtm fix onboarding.xlsx -o fixed.xlsx --only certain --dry-run",
        "rtm fix onboarding.xlsx -o fixed.xlsx --code cell-invalid-phone --json",
    ),
    "rtm import": (
        "rtm import onboarding.xlsx --url http://127.0.0.1:8080 --token TOKEN",
        "rtm import onboarding.xlsx --url http://127.0.0.1:8080 --token TOKEN --dry-run",
        "RTM_TOKEN=TOKEN rtm import onboarding.xlsx --url URL --json summary.json",
    ),
    "rtm assist form": ("rtm assist form onboarding.xlsx --location 'Head Office' -o forms/",),
    "rtm assist entitlement order": (
        "rtm assist entitlement order --order-number CCW-0001 --url URL --token TOKEN",
    ),
    "rtm assist entitlement show": ("rtm assist entitlement show --url URL --token TOKEN",),
    "rtm assist readiness set": (
        "rtm assist readiness set --pstn --hosting --oss-bss --url URL --token TOKEN",
        "rtm assist readiness set --pstn --no-hosting --oss-bss --url URL --token TOKEN",
    ),
    "rtm assist readiness show": ("rtm assist readiness show --url URL --token TOKEN --json -",),
    "rtm partner init": ("rtm partner init -o partner.toml --name 'Northwind Telecom'",),
    "rtm billing report": (
        "rtm billing report --url URL --token TOKEN --type CUSTOMER "
        "--start 2026-11-01 --end 2026-11-30 -o november.csv",
    ),
    "rtm billing reconcile": (
        "rtm billing reconcile --report november.csv --journal onboarding.journal.sqlite",
        "rtm billing reconcile --report november.csv --journal onboarding.journal.sqlite "
        "--url URL --token TOKEN --json reconcile.json",
    ),
    "rtm generate": (
        "rtm generate --customers 10 --seed 7 -o generated.xlsx",
        "rtm generate --customers 50 --defects 0.1 --answer-key key.json -o broken.xlsx",
    ),
    "rtm load": (
        "rtm load --url http://127.0.0.1:8080 --admin-token ADMIN --customers 50",
        "rtm load --url URL --token TOKEN --customers 20 --concurrency 4 --json -",
    ),
    "rtm web": ("rtm web --target-url http://127.0.0.1:8080 --token TOKEN",),
    "rtm codes": ("rtm codes", "rtm codes --json", "rtm codes --markdown > docs/errors.md"),
    "rtm sim serve": ("rtm sim serve --port 8080 --db sqlite:///rtm-sim.sqlite",),
    "rtm sim token": ("rtm sim token --partner acme --role full_admin",),
    "rtm sim clock": (
        "rtm sim clock --url http://127.0.0.1:8080 --admin-token ADMIN --set 2026-12-02T09:00:00Z",
        "rtm sim clock --url URL --admin-token ADMIN --advance P6D",
    ),
}

__all__ = ["EXAMPLES"]
