"""The control plane under ``/_sim`` (admin token): reset, scenarios, clock, faults,
transitions, call log, partners and tokens, and manual advance of asynchronous resources."""
