"""Setup Assist (docs/design.md §3 items 1–5 and 8, §7.1): the A-Wholesale order, partner readiness,
assist requests priced from the price book, their project phases, and the one-time charges the
billing reports carry."""
