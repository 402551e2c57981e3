"""How one simulator is set up: database, admin token, address, transition defaults.

Values come from the command line or the environment (``RTM_SIM_DB``, ``RTM_SIM_ADMIN_TOKEN``,
``RTM_SIM_HOST``, ``RTM_SIM_PORT``, ``RTM_SIM_TRANSITIONS``, ``RTM_SIM_DELAY_SECONDS``,
``RTM_SIM_SCENARIOS``, ``RTM_SIM_PRICEBOOK``). Everything that must be shared by several workers
(clock, faults, the current transition mode, the signing secret) lives in the database; these are
only start values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

TransitionMode = Literal["immediate", "clock", "manual"]

DEFAULT_DB_URL = "sqlite:///rtm-sim.sqlite"
DEFAULT_SCENARIOS = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"
SQLITE_LOG_BATCH = 64
DEFAULT_PRICEBOOK = Path(__file__).resolve().parent.parent / "fixtures" / "pricebook.toml"


class Settings(BaseModel):
    """Start-up settings of one simulator process."""

    db_url: str = DEFAULT_DB_URL
    admin_token: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    transition_mode: TransitionMode = "clock"
    delay_seconds: float = Field(default=5.0, ge=0)
    scenarios_dir: Path = DEFAULT_SCENARIOS
    pricebook: Path = DEFAULT_PRICEBOOK
    request_log_size: int = Field(default=1000, ge=10)
    request_log_batch: int | None = Field(default=None, ge=1, le=1000)

    @property
    def log_batch(self) -> int:
        """Calls the log buffers before writing them: ``request_log_batch`` when set, else 64 on
        SQLite (one process serves it, and every reader of the log writes the buffer first, so
        nobody sees the difference) and 1 on PostgreSQL (other workers read the table)."""
        if self.request_log_batch is not None:
            return self.request_log_batch
        return SQLITE_LOG_BATCH if self.db_url.startswith("sqlite") else 1

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``RTM_SIM_*`` variables, then explicit (non-None) ``overrides``."""
        source = os.environ if env is None else env
        names = {
            "db_url": "RTM_SIM_DB",
            "admin_token": "RTM_SIM_ADMIN_TOKEN",
            "host": "RTM_SIM_HOST",
            "port": "RTM_SIM_PORT",
            "transition_mode": "RTM_SIM_TRANSITIONS",
            "delay_seconds": "RTM_SIM_DELAY_SECONDS",
            "scenarios_dir": "RTM_SIM_SCENARIOS",
            "pricebook": "RTM_SIM_PRICEBOOK",
            "request_log_batch": "RTM_SIM_LOG_BATCH",
        }
        values: dict[str, object] = {k: source[v] for k, v in names.items() if source.get(v)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    def as_env(self) -> dict[str, str]:
        """The environment that makes :meth:`from_env` rebuild these settings (for workers)."""
        env = {
            "RTM_SIM_DB": self.db_url,
            "RTM_SIM_HOST": self.host,
            "RTM_SIM_PORT": str(self.port),
            "RTM_SIM_TRANSITIONS": self.transition_mode,
            "RTM_SIM_DELAY_SECONDS": str(self.delay_seconds),
            "RTM_SIM_SCENARIOS": str(self.scenarios_dir),
            "RTM_SIM_PRICEBOOK": str(self.pricebook),
        }
        if self.admin_token:
            env["RTM_SIM_ADMIN_TOKEN"] = self.admin_token
        if self.request_log_batch is not None:
            env["RTM_SIM_LOG_BATCH"] = str(self.request_log_batch)
        return env


__all__ = [
    "DEFAULT_DB_URL",
    "DEFAULT_PRICEBOOK",
    "DEFAULT_SCENARIOS",
    "SQLITE_LOG_BATCH",
    "Settings",
    "TransitionMode",
]
