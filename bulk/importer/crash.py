"""A test-only hook that kills the importer at a chosen point, to prove crash safety.

``RTM_IMPORT_CRASH_AT=<n>:<before|after>`` makes the process SIGKILL itself at the ``n``-th
request-sending operation of the run: ``before`` right after the journal durably recorded the
operation as ``sent`` and before the request leaves; ``after`` right after the answer arrived
and before the journal records it. Unset (the normal case), it does nothing.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass

ENV = "RTM_IMPORT_CRASH_AT"


@dataclass(frozen=True, slots=True)
class CrashPoint:
    """Where to kill the process: the ``index``-th send, ``before`` or ``after`` it."""

    index: int
    when: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> CrashPoint | None:
        """Read :data:`ENV`; ``None`` when unset. A malformed value is refused loudly."""
        raw = env.get(ENV, "").strip()
        if not raw:
            return None
        index, _, when = raw.partition(":")
        if not index.isdigit() or when not in ("before", "after"):
            raise ValueError(f"{ENV} must look like '12:before' or '12:after', not {raw!r}")
        return cls(int(index), when)

    def check(self, index: int, when: str) -> None:
        """Kill this process now if this is the chosen point."""
        if index == self.index and when == self.when:
            os.kill(os.getpid(), signal.SIGKILL)
