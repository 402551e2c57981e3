"""The partner upload portal (``rtm web``): upload a workbook in the browser, see every issue
at its cell, download the annotated workbook and the reports, then dry-run and import it with
live progress, using the same validator, reports, importer and journal as the command line.

:func:`create_app` builds the FastAPI app from :class:`PortalSettings`. Uploads are checked
by a short-lived worker process each (:mod:`bulk.web.worker`); the server reads results a page
at a time from a small SQLite file per upload (:mod:`bulk.web.results`).

The names below are loaded on first use, so that the worker process (a module of this
package) starts without loading the web framework.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bulk.web.app import create_app
    from bulk.web.settings import PortalSettings, PortalSetupError, default_work_dir

__all__ = ["PortalSettings", "PortalSetupError", "create_app", "default_work_dir"]

_HOMES = {
    "create_app": "bulk.web.app",
    "PortalSettings": "bulk.web.settings",
    "PortalSetupError": "bulk.web.settings",
    "default_work_dir": "bulk.web.settings",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'bulk.web' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
