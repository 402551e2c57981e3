"""Persistence: the typed tables and the engine/unit-of-work that every backend uses."""

from simulator.db.store import Store
from simulator.db.tables import Base

__all__ = ["Base", "Store"]
