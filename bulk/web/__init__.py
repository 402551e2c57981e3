"""The partner upload portal (``rtm web``): upload a workbook in the browser, see every issue
at its cell, download the annotated workbook and the reports, then dry-run and import it with
live progress, using the same validator, reports, importer and journal as the command line.

:func:`create_app` builds the FastAPI app from :class:`PortalSettings`. Uploads are checked
by a short-lived worker process each (:mod:`bulk.web.worker`); the server reads results a page
at a time from a small SQLite file per upload (:mod:`bulk.web.results`).
"""

from __future__ import annotations

from bulk.web.app import create_app
from bulk.web.settings import PortalSettings, PortalSetupError, default_work_dir

__all__ = ["PortalSettings", "PortalSetupError", "create_app", "default_work_dir"]
