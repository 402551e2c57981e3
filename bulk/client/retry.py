"""When and how long to wait before trying a request again.

429 and 423 answers honour ``Retry-After`` (seconds or an HTTP date), capped; 5xx answers and
connection failures back off exponentially with jitter (half fixed, half random), up to a limit
of attempts. Any other 4xx is final. The random source is injected so tests (and runs) can repeat.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from bulk.client.errors import ApiError, ApiStatusError, RateLimited


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Limits for retrying one request.

    ``max_attempts`` bounds tries after 5xx answers and connection failures; rate-limit
    answers (429/423) have their own, larger bound ``max_rate_limited`` because they say the
    server is healthy and only asks us to wait."""

    max_attempts: int = 6
    max_rate_limited: int = 30
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    default_retry_after: float = 1.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def should_retry(self, error: ApiError, failures: int, rate_limited: int) -> bool:
        """Whether to try again after ``error``, given how many transient failures and how
        many rate-limit answers this request has already had (including this one)."""
        if isinstance(error, RateLimited):
            return rate_limited < self.max_rate_limited
        return error.transient and failures < self.max_attempts

    def delay(self, error: ApiError, failures: int) -> float:
        """Seconds to wait before the next try: ``Retry-After`` for rate limits, otherwise
        exponential backoff with jitter after the ``failures``-th failure."""
        if isinstance(error, RateLimited):
            wanted = self.default_retry_after if error.retry_after is None else error.retry_after
            return min(max(wanted, 0.0), self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(failures - 1, 0)))
        return self.rng.uniform(ceiling / 2, ceiling)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.
    ``None`` when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        return max(float(text), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def is_final(error: ApiError) -> bool:
    """True for answers that no retry can change (a 4xx other than 423/429)."""
    return isinstance(error, ApiStatusError) and not error.transient
