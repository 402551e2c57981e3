"""Test-wide settings: hypothesis profiles for the whole suite.

- `ci` (the default, used by `make test`): derandomized on every machine, not only where Hypothesis
  detects a CI environment, so a run draws the same examples as the last one and a failure
  reproduces on the next run; no example database, so a past failure cannot change what is drawn.
- `deep` (local exploration): random, 100,000 examples a test, the example database on. Run it with
  `pytest --hypothesis-profile=deep` (or `HYPOTHESIS_PROFILE=deep`); see docs/testing.md.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=100_000,  # the differential test spreads these over its five groups
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
