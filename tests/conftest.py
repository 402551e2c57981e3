"""Test-wide settings: one hypothesis profile for the whole suite, so `make test` stays fast and
repeatable on a 2-core machine."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
# The differential test's long run (docs/validator.md): 100,000 examples in all.
settings.register_profile(
    "deep",
    max_examples=100_000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
