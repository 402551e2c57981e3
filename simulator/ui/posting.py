"""Reading a dashboard form post, after the cross-site checks every post must pass.

The checks run as a FastAPI dependency, so a refused post never reaches the route body: it
changes nothing, whoever sent it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request

from simulator.errors import SimulatorError
from simulator.ui.access import DashboardRefusal, Visit, visit_of
from simulator.ui.forms import FilledForm, FormField, read_values
from simulator.ui.session import cross_site_reason


@dataclass(frozen=True, slots=True)
class Posted:
    """A form post that passed the origin and CSRF checks."""

    visit: Visit
    fields: dict[str, list[str]]

    def one(self, name: str) -> str:
        """The (first) value of field ``name``, trimmed; empty when absent."""
        values = self.fields.get(name) or [""]
        return values[0].strip()

    def form(self, fields: tuple[FormField, ...]) -> FilledForm:
        """The posted values of a form's fields."""
        return FilledForm(fields, read_values(fields, self.fields))


async def posted_fields(request: Request) -> dict[str, list[str]]:
    """Every text field of the posted form (files are ignored)."""
    form = await request.form()
    return {key: [value for value in form.getlist(key) if isinstance(value, str)] for key in form}


def form_post(
    visit: Visit = Depends(visit_of),
    fields: dict[str, list[str]] = Depends(posted_fields),
) -> Posted:
    """The post, or 403 ``dashboard-form-refused`` when it came from another origin (its CSRF
    token was checked before, by the middleware of :mod:`simulator.ui.protection`)."""
    reason = cross_site_reason(visit.request)
    if reason is not None:
        raise DashboardRefusal(SimulatorError("dashboard-form-refused", reason=reason))
    return Posted(visit, fields)


POSTED = Depends(form_post)
"""The dependency every dashboard POST route takes."""

__all__ = ["POSTED", "Posted", "form_post", "posted_fields"]
