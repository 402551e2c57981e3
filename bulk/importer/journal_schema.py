"""The journal's tables (docs/importer.md, "Tables") and the migration of older journal files.

A journal written by an older toolkit is brought up to date when it is opened: every column this
version knows that the file lacks is added (``ALTER TABLE ... ADD COLUMN``, empty for existing
rows) and ``meta.schema_version`` is raised. Nothing is ever dropped or rewritten, so an older
journal stays readable and resumable.

* Version 1: the first tables.
* Version 2: ``assist_orders.submitted_at`` and ``assist_orders.accepted_at``, the server's own
  ``submittedAt`` / ``acceptedAt`` of each Setup Assist request (reconciliation charges a request
  in the period containing its acceptance day, on the server's clock).
* ``customer_info`` (added with ``IF NOT EXISTS``, no version change): the name and primary
  email each customer was created with, which the API never shows back; a later ``update`` row
  that changes them is ``not-updatable``.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = "2"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL, finished_at TEXT, workbook TEXT NOT NULL, url TEXT NOT NULL,
    dry_run INTEGER NOT NULL, outcome TEXT,
    sent INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS operations (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, action TEXT NOT NULL,
    sheet TEXT NOT NULL, row INTEGER NOT NULL,
    customer_external_id TEXT, location_name TEXT, email TEXT,
    fingerprint TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    planned_at TEXT NOT NULL, sent_at TEXT, finished_at TEXT,
    remote_id TEXT, org_id TEXT, remote_status TEXT,
    error_status INTEGER, error_code TEXT, error_message TEXT, tracking_id TEXT,
    run_id INTEGER
);
CREATE INDEX IF NOT EXISTS operations_state ON operations (state);
CREATE TABLE IF NOT EXISTS assist_orders (
    key TEXT PRIMARY KEY, customer_external_id TEXT NOT NULL, location_name TEXT NOT NULL,
    customer_id TEXT, location_id TEXT, request_id TEXT NOT NULL,
    seats INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    unit_net_price TEXT, amount TEXT, currency TEXT,
    requested_completion_date TEXT, status TEXT, recorded_at TEXT NOT NULL,
    submitted_at TEXT, accepted_at TEXT
);
CREATE TABLE IF NOT EXISTS customer_info (
    external_id TEXT PRIMARY KEY, name TEXT NOT NULL, primary_email TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS subscriber_packages (
    email TEXT PRIMARY KEY, customer_external_id TEXT NOT NULL, customer_id TEXT,
    subscriber_id TEXT, location_name TEXT, package TEXT NOT NULL, status TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
"""

ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("assist_orders", "submitted_at", "TEXT"),
    ("assist_orders", "accepted_at", "TEXT"),
)
"""Columns added after version 1: (table, column, type)."""


def prepare(db: sqlite3.Connection) -> None:
    """Create the tables a new journal needs, or migrate an older one (inside the caller's
    transaction)."""
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    for table, column, kind in ADDED_COLUMNS:
        present = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute(
        "INSERT INTO meta VALUES ('schema_version', ?)"
        " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
        (SCHEMA_VERSION,),
    )
