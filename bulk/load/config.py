"""What a load run is asked to do (the ``rtm load`` options, parsed)."""

from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from bulk.generator import SeatRange


class LoadOptionError(ValueError):
    """An option value a load run cannot use; the message names the option."""


def new_run_tag() -> str:
    """A fresh tag for partner names, External IDs and email domains (8 hex digits)."""
    return secrets.token_hex(4)


@dataclass(frozen=True, slots=True)
class LoadConfig:
    """A load run: where, how many customers, how many concurrent users, for how long.

    ``token`` is a partner token (full admin) all traffic uses; without it ``admin_token``
    mints one fresh partner per load process. ``seed`` fixes the generated data (sizes,
    packages, names); ``run_tag`` keeps partner names, External IDs and emails unique per run.
    A load process makes a billing report every ``billing_every`` customers (0: never)."""

    url: str
    customers: int
    users: int = 8
    duration: float = 60.0
    seed: int = 0
    token: str | None = None
    admin_token: str | None = None
    provisioning_id: str | None = None
    """The customer template new customers use; with ``admin_token`` the minted partner's."""
    run_tag: str = field(default_factory=new_run_tag)
    spawn_rate: float = 0.0
    subscribers_per_customer: SeatRange = field(default_factory=lambda: SeatRange(1, 20))
    billing_every: int = 10
    poll_seconds: float = 0.5
    provisioning_timeout: float = 120.0
    stop_timeout: float = 120.0

    def __post_init__(self) -> None:
        if not re.match(r"https?://[^\s/]+", self.url):
            raise LoadOptionError(f"--url '{self.url}' is not an http(s) URL")
        if self.customers < 1:
            raise LoadOptionError(f"--customers must be at least 1, not {self.customers}")
        if self.users < 1:
            raise LoadOptionError(f"--concurrency must be at least 1, not {self.users}")
        if self.duration <= 0:
            raise LoadOptionError(f"--duration must be positive, not {self.duration:g}")
        if not (self.token or self.admin_token):
            raise LoadOptionError(
                "give --token (a partner token) or --admin-token (to mint load partners)"
            )
        if not re.fullmatch(r"[A-Za-z0-9]{1,12}", self.run_tag):
            raise LoadOptionError(f"--run-tag '{self.run_tag}' must be 1-12 letters or digits")

    @property
    def base_url(self) -> str:
        """The URL without a trailing slash."""
        return self.url.rstrip("/")

    @property
    def rate(self) -> float:
        """Users started per second (all at once when not given)."""
        return self.spawn_rate or float(self.users)

    def partner_name(self, process: int) -> str:
        """The partner a load process works as when it mints its own token."""
        return f"rtm-load-{self.run_tag}-{process}"

    def customers_for(self, process: int, processes: int) -> int:
        """How many of the run's customers load process ``process`` of ``processes`` makes."""
        return self.customers // processes + (1 if process < self.customers % processes else 0)

    def to_json(self) -> dict[str, Any]:
        """The config as JSON (handed to the load engine process)."""
        values = dataclasses.asdict(self)
        spc = self.subscribers_per_customer
        values["subscribers_per_customer"] = f"{spc.low}-{spc.high}"
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> LoadConfig:
        """A config from :meth:`to_json`'s output."""
        spc = SeatRange.parse(str(values["subscribers_per_customer"]))
        return cls(**(values | {"subscribers_per_customer": spc}))
