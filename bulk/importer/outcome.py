"""What an import did, row by row, and the failure fields the result workbook shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from bulk.client.errors import ApiError, ApiStatusError, ApiUnreachable
from bulk.rules.catalogue import CATALOGUE

_BY_STATUS = {
    400: "api-invalid-request",
    401: "api-unauthorized",
    403: "api-forbidden",
    404: "api-not-found",
    409: "api-conflict",
    423: "api-rate-limited",
    429: "api-rate-limited",
    503: "api-unavailable",
}


_OK = frozenset({"done", "unchanged", "checked", "not checked", "exists"})


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an operation failed: catalogue code, message, HTTP status and tracking id."""

    code: str
    message: str
    status: int | None = None
    tracking_id: str | None = None

    @classmethod
    def of(cls, code: str, **params: object) -> Failure:
        """A failure whose message is the catalogue template of ``code``."""
        return cls(code, CATALOGUE[code].message(**params), CATALOGUE[code].http_status)

    @classmethod
    def from_error(cls, error: ApiError) -> Failure:
        """The failure a client error stands for; the API's own code when it gave one."""
        if isinstance(error, ApiStatusError):
            code = (
                error.code
                or _BY_STATUS.get(error.status)
                or ("api-server-error" if error.status >= 500 else "api-invalid-request")
            )
            return cls(code, error.message, error.status, error.tracking_id)
        if isinstance(error, ApiUnreachable):
            return cls(
                "api-unreachable",
                CATALOGUE["api-unreachable"].message(url=error.url, reason=error.reason),
            )
        return cls("api-server-error", str(error))


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """The result of one workbook row: status (done, unchanged, failed, planned, sent, checked,
    not checked, exists), the remote id it produced, when it failed the code and message, and a
    ``detail`` a dry run adds (why a row was not checked, what a request will order)."""

    sheet: str
    row: int
    key: str
    status: str
    remote_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    detail: str | None = None


@dataclass(slots=True)
class ImportReport:
    """The outcome of a run: one :class:`RowOutcome` per row and what this run sent."""

    outcomes: list[RowOutcome]
    dry_run: bool = False
    requests_this_run: int = 0
    changed_this_run: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> list[RowOutcome]:
        """Rows that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def attention(self) -> list[RowOutcome]:
        """Rows the partner must look at: failed, or with a change the API cannot make."""
        return [o for o in self.outcomes if o.status in ("failed", "not-updatable")]

    @property
    def ok(self) -> bool:
        """No row failed and none is left unfinished."""
        return all(o.status in _OK for o in self.outcomes)

    @property
    def nothing_changed(self) -> bool:
        """This run changed nothing on the server (a rerun of a finished import)."""
        return self.changed_this_run == 0
