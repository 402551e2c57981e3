"""QA load runs (``rtm load``): generated partners' onboarding traffic against a simulator, on
Locust.

:mod:`.config` (the options), :mod:`.workload` (generated customers as journeys of typed rows),
:mod:`.traffic` (the calls of one journey, independent of Locust), :mod:`.ledger` (what was
acknowledged), :mod:`.verify` (is it all held by the server?), :mod:`.summary` (the report).
:mod:`.users`, :mod:`.engine` and :mod:`.locustfile` import Locust (and so gevent's
monkey-patching): only the engine process (``python -m bulk.load``) and Locust itself load them.
"""

from pathlib import Path

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
"""The Locust file for master/worker runs (``locust -f``)."""

__all__ = ["LOCUSTFILE"]
