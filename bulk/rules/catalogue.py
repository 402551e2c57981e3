"""The error catalogue: every problem the validator or the simulator can report.

Codes are stable kebab-case strings (docs/design.md §5): never renamed, never reused. Each entry carries
a severity, a title, a description for the docs, a message template, the HTTP status the simulator
answers with, and a numeric ``errorCode`` for the Webex-style wire body. Numeric codes are grouped
by family: 1xxx workbook, 2xxx cell, 3xxx rows, 4xxx packages, 5xxx Setup Assist, 6xxx billing,
7xxx API (simulator-only), 8xxx reconciliation; 10xxx are numbers the Webex API itself answers
with (its reference's examples), kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a problem is: errors block an import, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ErrorType:
    """One catalogue entry. ``template`` is a ``str.format`` template over named parameters."""

    code: str
    error_code: int
    severity: Severity
    http_status: int
    title: str
    description: str
    template: str

    @property
    def family(self) -> str:
        """The family this code belongs to, derived from its numeric code."""
        return FAMILIES[self.error_code // 1000]

    def message(self, **params: Any) -> str:
        """Render the message template with every one of its parameters; a missing one is a
        programming error (:class:`MissingParameter`), never a ``?`` in front of a partner."""
        try:
            return self.template.format_map(params)
        except KeyError as exc:
            raise MissingParameter(self.code, str(exc.args[0])) from None


class MissingParameter(KeyError):
    """A catalogue message was rendered without one of its template's parameters."""

    def __init__(self, code: str, name: str) -> None:
        super().__init__(f"message '{code}' needs the parameter '{name}'")
        self.code = code
        self.name = name


FAMILIES = {
    1: "workbook",
    2: "cell",
    3: "rows",
    4: "packages",
    5: "Setup Assist",
    6: "billing",
    7: "API",
    8: "reconciliation",
    10: "Webex API",
}

E, W = Severity.ERROR, Severity.WARNING

_ENTRIES: tuple[ErrorType, ...] = (
    # workbook
    ErrorType(
        "workbook-unreadable",
        1001,
        E,
        400,
        "Workbook cannot be read",
        "The file is not a readable .xlsx workbook (empty, corrupt, encrypted, or another format).",
        "{file} cannot be read as an .xlsx workbook: {reason}",
    ),
    ErrorType(
        "workbook-too-large",
        1002,
        E,
        413,
        "Workbook too large",
        "The workbook exceeds a safety limit (rows per sheet, uncompressed size, or compression ratio); "
        "it is refused before its data is expanded.",
        "{file} is too large: {reason}",
    ),
    ErrorType(
        "sheet-missing",
        1003,
        E,
        400,
        "Sheet missing",
        "A sheet the template requires is not in the workbook.",
        "The workbook has no sheet named '{sheet}'; add it (copy it from the template).",
    ),
    ErrorType(
        "header-missing",
        1004,
        E,
        400,
        "Required column missing",
        "A required column header is not in row 1 of its sheet.",
        "Sheet '{sheet}' has no '{column}' column; add it to row 1.",
    ),
    ErrorType(
        "header-duplicate",
        1005,
        E,
        400,
        "Column appears twice",
        "Two headers in row 1 name the same column.",
        "Column '{column}' appears more than once on sheet '{sheet}'; keep one.",
    ),
    ErrorType(
        "header-unknown",
        1006,
        W,
        400,
        "Unknown column ignored",
        "A header in row 1 matches no template column; the column is ignored.",
        "Column '{header}' on sheet '{sheet}' is not a template column and will be ignored.",
    ),
    ErrorType(
        "template-version",
        1007,
        W,
        400,
        "Template version differs",
        "The workbook was not made from the current template version.",
        "This workbook's template version is '{found}'; the current one is '{expected}'. "
        "It was checked against version {expected}.",
    ),
    # cell
    ErrorType(
        "cell-required",
        2001,
        E,
        400,
        "Required value missing",
        "A required cell is empty.",
        "{column} is required.",
    ),
    ErrorType(
        "cell-too-long",
        2002,
        E,
        400,
        "Value too long",
        "The value is longer than the column allows.",
        "{column} is {length} characters long; the limit is {limit}.",
    ),
    ErrorType(
        "cell-invalid-email",
        2003,
        E,
        400,
        "Invalid email address",
        "The value is not a deliverable-looking email address.",
        "'{value}' is not a valid email address: {reason}",
    ),
    ErrorType(
        "cell-invalid-phone",
        2004,
        E,
        400,
        "Invalid phone number",
        "The value is not a valid E.164 phone number (+, country code, number).",
        "'{value}' is not a valid E.164 phone number{reason}. Write it as +<country code><number>, "
        "e.g. +14085550100, formatted as text.",
    ),
    ErrorType(
        "cell-invalid-extension",
        2005,
        E,
        400,
        "Invalid extension",
        "An extension must be 2 to 10 digits.",
        "'{value}' is not a valid extension: use 2 to 10 digits{reason}.",
    ),
    ErrorType(
        "cell-invalid-country",
        2006,
        E,
        400,
        "Invalid country",
        "The value is not an ISO 3166-1 alpha-2 country code.",
        "'{value}' is not an ISO 3166-1 alpha-2 country code (such as US, GB, DE){reason}.",
    ),
    ErrorType(
        "cell-invalid-state",
        2007,
        E,
        400,
        "Invalid state or province",
        "The state or province is missing where the country requires it.",
        "{reason}",
    ),
    ErrorType(
        "cell-invalid-postal-code",
        2008,
        E,
        400,
        "Invalid postal code",
        "The postal code is missing where the country requires it, or does not match the country's format.",
        "{reason}",
    ),
    ErrorType(
        "cell-invalid-timezone",
        2009,
        E,
        400,
        "Invalid time zone",
        "The value is not an IANA time zone name.",
        "'{value}' is not an IANA time zone (such as America/New_York, Europe/London).",
    ),
    ErrorType(
        "cell-invalid-language",
        2010,
        E,
        400,
        "Invalid language",
        "The value is not a language code: an ISO 639-1 code, optionally with an ISO 3166-1 alpha-2 country (en, en_US).",
        "'{value}' is not a language code; write an ISO 639-1 code, optionally with a country (such as {example}).",
    ),
    ErrorType(
        "cell-invalid-package",
        2011,
        E,
        400,
        "Invalid package",
        "The value is not a package name the API accepts here.",
        "'{value}' is not a valid package{reason}.",
    ),
    ErrorType(
        "cell-invalid-action",
        2012,
        E,
        400,
        "Invalid action",
        "Action must be create, update or delete (blank means create).",
        "'{value}' is not an action; use create, update or delete (blank = create).",
    ),
    ErrorType(
        "cell-invalid-date",
        2013,
        E,
        400,
        "Invalid date",
        "The value is not a date.",
        "'{value}' is not a date{reason}; enter a date such as 2026-12-15 in a date-formatted cell.",
    ),
    ErrorType(
        "cell-invalid-choice",
        2014,
        E,
        400,
        "Invalid choice",
        "The value is not one of the column's allowed values.",
        "'{value}' is not allowed in {column}; choose one of: {choices}.",
    ),
    ErrorType(
        "cell-formula",
        2015,
        E,
        400,
        "Formula refused",
        "Cells must hold values, not formulas; formulas are never evaluated.",
        "{column} holds a formula ({value}); replace it with its value (copy, paste as values).",
    ),
    ErrorType(
        "cell-forbidden-character",
        2016,
        E,
        400,
        "Forbidden character",
        "The value contains a character the API refuses in this field.",
        "{column} must not contain '{character}'.",
    ),
    ErrorType(
        "cell-whitespace",
        2017,
        W,
        400,
        "Hidden spaces trimmed",
        "The value had leading/trailing or non-breaking spaces; they were removed before checking.",
        "{column} had {what}; it was read as '{value}'. Remove them in the workbook.",
    ),
    ErrorType(
        "cell-formula-like",
        2031,
        W,
        400,
        "Text a spreadsheet would run",
        "The text starts with =, +, -, @, a tab or a carriage return, so a spreadsheet opening a CSV that carries it would read it as a formula. The API accepts it; the toolkit's files store it as text (a leading ' in CSV files).",
        "{column} holds '{value}': a spreadsheet would {effect}. The API accepts it and the toolkit's files show it as text; check that it is what you meant.",
    ),
    ErrorType(
        "cell-invisible-character",
        2032,
        W,
        400,
        "Invisible character",
        "The text holds a character nobody can see, such as a right-to-left override or a zero-width space: it changes how the value reads, or makes two values that look the same differ.",
        "{column} holds {characters}; remove it unless it is meant to be there.",
    ),
    ErrorType(
        "cell-merged",
        2018,
        E,
        400,
        "Merged cells",
        "Data cells must not be merged: only the first cell of a merged range keeps its value.",
        "Cells {range} are merged; unmerge them and fill in every cell.",
    ),
    ErrorType(
        "row-hidden",
        2019,
        W,
        400,
        "Hidden row",
        "A hidden row is validated and imported like any other row.",
        "Row {row} on sheet '{sheet}' is hidden; it will be imported too. Unhide it to check it.",
    ),
    ErrorType(
        "cell-stored-as-number",
        2020,
        W,
        400,
        "Stored as a number",
        "A digits-only value (such as an extension) was stored by Excel as a number, which drops leading zeros; it was accepted as its digits.",
        "{column} is stored as the number {value}; Excel drops leading zeros from numbers, so check it is not missing a leading 0 and format the column as text.",
    ),
    ErrorType(
        "cell-unknown-state",
        2021,
        W,
        400,
        "State or province not recognised",
        "The state or province is not one of the country's subdivision codes; the API accepts free text here, but the Setup Assist deadline then counts only the country's national holidays.",
        "{reason}",
    ),
    # rows
    ErrorType(
        "row-duplicate-key",
        3001,
        E,
        409,
        "Duplicate key",
        "The row's key (customer External ID, or location name within a customer) is used by another row.",
        "{column} '{value}' is already used on row {other_row}.",
    ),
    ErrorType(
        "row-duplicate-email",
        3002,
        E,
        409,
        "Duplicate email",
        "Subscriber emails must be unique (case-insensitive).",
        "Email '{value}' is already used on row {other_row}.",
    ),
    ErrorType(
        "row-duplicate-phone",
        3003,
        E,
        409,
        "Duplicate phone number",
        "Phone numbers must be unique.",
        "Phone number '{value}' is already used on row {other_row}.",
    ),
    ErrorType(
        "row-duplicate-extension",
        3004,
        E,
        409,
        "Duplicate extension",
        "Extensions must be unique within their location.",
        "Extension '{value}' is already used at location '{location}' on row {other_row}.",
    ),
    ErrorType(
        "ref-unknown-customer",
        3005,
        E,
        404,
        "Unknown customer",
        "The row names a customer External ID that is not on the Customers sheet (or not on the server).",
        "Customer '{value}' is not on the Customers sheet.",
    ),
    ErrorType(
        "ref-unknown-location",
        3006,
        E,
        404,
        "Unknown location",
        "The row names a location that is not on the Locations sheet for its customer.",
        "Location '{value}' is not on the Locations sheet for customer '{customer}'.",
    ),
    # packages
    ErrorType(
        "package-not-for-subscriber",
        4001,
        E,
        400,
        "Customer-only package",
        "The package can be given to a customer but not to a subscriber.",
        "'{value}' is a customer-only package and cannot be assigned to a subscriber.",
    ),
    ErrorType(
        "package-not-on-customer",
        4002,
        E,
        400,
        "Package not on customer",
        "A subscriber's package must be one of its customer's packages.",
        "'{value}' is not one of customer '{customer}' packages ({packages}).",
    ),
    ErrorType(
        "package-dependency",
        4003,
        E,
        400,
        "Package dependency missing",
        "A package needs another package on the same customer.",
        "'{package}' needs one of: {needs}.",
    ),
    ErrorType(
        "calling-location-required",
        4004,
        E,
        400,
        "Calling needs a location",
        "A customer with a calling package needs a location; a subscriber with a calling package needs a location name.",
        "{reason}",
    ),
    ErrorType(
        "calling-number-required",
        4005,
        E,
        400,
        "Calling needs a number",
        "A subscriber with a calling package needs a phone number or an extension.",
        "Package '{package}' needs a phone number or an extension.",
    ),
    ErrorType(
        "customer-info-required",
        4006,
        E,
        400,
        "Customer name and email required",
        "A new customer needs a name and a primary email unless it attaches to an existing org.",
        "{column} is required unless Existing Org ID is given.",
    ),
    # Setup Assist
    ErrorType(
        "assist-deadline",
        5001,
        E,
        400,
        "Too close to completion date",
        "Setup Assist must be requested at least six business days before the completion date.",
        "Requested completion {requested} is less than six business days after {submitted}; "
        "the earliest acceptable date is {earliest}.",
    ),
    ErrorType(
        "assist-date-past",
        5002,
        E,
        400,
        "Completion date in the past",
        "The requested completion date is before the submission date.",
        "Requested completion {requested} is in the past (submission date {submitted}).",
    ),
    ErrorType(
        "assist-no-seats",
        5003,
        E,
        400,
        "No seats at location",
        "Setup Assist is priced by seats; a location without subscribers cannot be ordered.",
        "Location '{location}' has no subscribers, so there are no seats to set up.",
    ),
    ErrorType(
        "assist-duplicate",
        5004,
        E,
        409,
        "Location already requested",
        "Only one Setup Assist request per location.",
        "Location '{location}' already has a Setup Assist request{where}.",
    ),
    ErrorType(
        "assist-not-entitled",
        5005,
        E,
        403,
        "A-Wholesale not ordered",
        "Setup Assist needs a one-time A-Wholesale order (quantity 1) by the partner.",
        "Partner {partner} has not ordered the A-Wholesale SKU; order it once (quantity 1) before requesting Setup Assist.",
    ),
    ErrorType(
        "assist-partner-not-ready",
        5006,
        E,
        409,
        "Partner onboarding incomplete",
        "The partner must have PSTN connectivity, third-party hosting requirements and OSS/BSS configuration done.",
        "Partner onboarding is not complete: {missing} not done.",
    ),
    ErrorType(
        "assist-customer-not-provisioned",
        5007,
        E,
        409,
        "Customer not provisioned",
        "Setup Assist can be requested only for a customer that is provisioned.",
        "Customer '{customer}' is {status}, not provisioned; provision it first.",
    ),
    ErrorType(
        "assist-network-check",
        5008,
        W,
        400,
        "Network check not done",
        "The customer should verify network connectivity with the connectivity checker before onboarding.",
        "Network check is not marked done for location '{location}'; ask the customer to run the connectivity check.",
    ),
    ErrorType(
        "a-wholesale-quantity",
        5009,
        E,
        400,
        "A-Wholesale order refused",
        "A-Wholesale is ordered once per partner, with quantity 1.",
        "{reason}",
    ),
    ErrorType(
        "assist-task-cisco-side",
        5010,
        E,
        403,
        "Cisco-side task",
        "Cisco-side tasks of a Setup Assist project are completed by the Setup Assist team, not by the partner.",
        "Task {task} of phase {phase} is a Cisco-side task; the Setup Assist team completes it.",
    ),
    # billing
    ErrorType(
        "billing-period-invalid",
        6001,
        E,
        400,
        "Invalid billing period",
        "The period's end is before its start, reaches today or the future, or starts more than five years back.",
        "Billing period {start} to {end} is invalid: {reason}.",
    ),
    ErrorType(
        "billing-period-duplicate",
        6002,
        E,
        409,
        "Billing period already covered",
        "A report of this type already covers the period.",
        "A {type} report for {start} to {end} already exists ({existing}).",
    ),
    ErrorType(
        "billing-report-not-found",
        6003,
        E,
        404,
        "Billing report not found",
        "No billing report of the partner has this id (the billing API answers it as its error "
        "2024).",
        "Billing Report not found.",
    ),
    # API (simulator wire errors with no workbook counterpart)
    ErrorType(
        "api-invalid-request",
        7001,
        E,
        400,
        "Invalid request",
        "The request body or parameters do not match the API description.",
        "{reason}",
    ),
    ErrorType(
        "api-unauthorized",
        7002,
        E,
        401,
        "Not authenticated",
        "The request has no valid bearer token.",
        "A valid bearer token is required.",
    ),
    ErrorType(
        "api-forbidden",
        7003,
        E,
        403,
        "Not allowed",
        "The token's role lacks the scope this operation needs.",
        "Role {role} lacks scope {scope}.",
    ),
    ErrorType(
        "api-not-found",
        7004,
        E,
        404,
        "Not found",
        "The resource does not exist or belongs to another partner.",
        "{resource} '{id}' was not found.",
    ),
    ErrorType(
        "api-conflict",
        7005,
        E,
        409,
        "Conflict",
        "The resource already exists or is in a state that does not allow the operation.",
        "{reason}",
    ),
    ErrorType(
        "api-rate-limited",
        7006,
        E,
        429,
        "Too many requests",
        "Slow down and retry after the Retry-After delay.",
        "Too many requests; retry after {retry_after} s.",
    ),
    ErrorType(
        "api-server-error",
        7007,
        E,
        500,
        "Server error",
        "An injected or unexpected server failure; retry later.",
        "{reason}",
    ),
    ErrorType(
        "api-unavailable",
        7008,
        E,
        503,
        "Service unavailable",
        "The service is temporarily unavailable; retry later.",
        "{reason}",
    ),
    ErrorType(
        "api-download-link-invalid",
        7009,
        E,
        403,
        "Download link invalid or expired",
        "A billing report download link was altered or has expired; links are signed and short-lived.",
        "This download link is invalid or has expired; get the report again for a fresh tempDownloadURL.",
    ),
    ErrorType(
        "api-unsupported-media-type",
        7010,
        E,
        415,
        "Body is not JSON",
        "A request body was sent with a Content-Type other than application/json.",
        "The request body must be JSON (Content-Type: application/json), not '{content_type}'.",
    ),
    ErrorType(
        "api-method-not-allowed",
        7011,
        E,
        405,
        "Method not allowed",
        "The path exists but does not take this HTTP method.",
        "{method} is not allowed on {path}; allowed: {allowed}.",
    ),
    ErrorType(
        "provisioning-id-unknown",
        7012,
        E,
        400,
        "Unknown provisioning ID",
        "The provisioningId is not the ID of one of the partner's customer templates (Partner Hub, "
        "Settings > Customer templates); `rtm sim token` prints the simulator's.",
        "provisioningId '{value}' is not the ID of one of your customer templates.",
    ),
    ErrorType(
        "package-limit-reached",
        7013,
        E,
        409,
        "Package limit reached",
        "The customer's provisioningParameters.packages.limits allow no more subscribers with "
        "this package.",
        "Customer '{customer}' may have at most {limit} subscriber(s) with package '{package}'; "
        "it has {count}.",
    ),
    ErrorType(
        "org-already-managed",
        7014,
        E,
        409,
        "Organization already managed",
        "The orgId given to attach an existing organization is already managed by a wholesale "
        "customer (of this partner or another); it cannot be attached twice.",
        "Organization '{org}' is already managed by a wholesale customer; it cannot be attached "
        "again.",
    ),
    ErrorType(
        "provisioning-id-missing",
        7015,
        W,
        400,
        "Provisioning ID missing",
        "The partner file has no provisioning_id: the import needs the ID of a customer template "
        "(from the partner file or --provisioning-id) before it can provision customers.",
        "The partner file has no provisioning_id in [partner]: rtm import cannot provision new "
        "customers without the ID of your customer template (Partner Hub, Settings > Customer "
        "templates; `rtm sim token` prints the simulator's); add it or pass --provisioning-id.",
    ),
    ErrorType(
        "api-locked",
        7016,
        E,
        423,
        "Resource locked",
        "The resource is busy with another change (Webex answers 423 with Retry-After); retry "
        "after the delay.",
        "{reason}",
    ),
    ErrorType(
        "api-bad-gateway",
        7017,
        E,
        502,
        "Bad gateway",
        "A Webex service behind the API failed to answer properly; retry later.",
        "{reason}",
    ),
    ErrorType(
        "api-gateway-timeout",
        7018,
        E,
        504,
        "Gateway timeout",
        "A Webex service behind the API did not answer in time; the request may or may not "
        "have been carried out, so read before retrying a write.",
        "{reason}",
    ),
    ErrorType(
        "email-already-used",
        10022,
        E,
        409,
        "Email already used",
        "The email is already the identity of a Webex user (a subscriber or a customer "
        "administrator, of any partner); an email is one identity across Webex.",
        "The email is already associated with an existing user.",
    ),
    # API: raised by the importer (`rtm import`) about a row it could not carry out
    ErrorType(
        "import-blocked",
        7101,
        E,
        424,
        "Not sent: a row it depends on failed",
        "The importer did not send this row because the customer, location or subscribers it "
        "depends on failed; fix that row and rerun the import.",
        "Not sent: {reason}",
    ),
    ErrorType(
        "api-unreachable",
        7102,
        E,
        503,
        "API unreachable",
        "The importer got no answer from the API (connection refused, timeout, broken "
        "connection) even after retrying; rerun the import when the API is reachable.",
        "No answer from {url}: {reason}",
    ),
    ErrorType(
        "customer-provisioning-failed",
        7103,
        E,
        502,
        "Customer provisioning failed",
        "The API accepted the customer but its asynchronous provisioning ended in status error "
        "(or did not finish in time).",
        "Customer '{customer}' ended in status '{status}'{reason}",
    ),
    # API: the trainer dashboard (/ui) refusing a page or a form
    ErrorType(
        "dashboard-login-required",
        7201,
        E,
        401,
        "Dashboard login required",
        "The dashboard page or control needs a login: a partner token for a partner's pages and forms, the admin token for the trainer controls.",
        "Log in with {credential} to {action}.",
    ),
    ErrorType(
        "dashboard-form-refused",
        7202,
        E,
        403,
        "Form refused (cross-site protection)",
        "A dashboard form post that did not come from the dashboard itself (another Origin or Referer, or a missing or stale CSRF token) is refused and changes nothing.",
        "This form was refused: {reason}. Reload the page and submit it again.",
    ),
    # reconciliation: `rtm billing reconcile`, the billing report against the import journal
    ErrorType(
        "reconcile-missing-charge",
        8001,
        E,
        422,
        "Charge missing from the report",
        "The import journal records something provisioned or ordered that the billing report does not charge at all.",
        "The report does not charge {item} for customer '{customer}'{where}; the journal records it ({expected}).",
    ),
    ErrorType(
        "reconcile-unexpected-charge",
        8002,
        E,
        422,
        "Charge not in the journal",
        "The billing report charges something the import journal does not record as provisioned or ordered.",
        "The report charges {item} for customer '{customer}'{where} ({charged}), which the journal does not record.",
    ),
    ErrorType(
        "reconcile-wrong-quantity",
        8003,
        E,
        422,
        "Charged quantity differs",
        "The billing report charges more units (or another Setup Assist quantity) than the import journal records.",
        "The report charges {item} for customer '{customer}'{where} with quantity {charged}; the journal records {expected}.",
    ),
    ErrorType(
        "reconcile-wrong-sku",
        8004,
        E,
        422,
        "Charged SKU or package differs",
        "The billing report charges another Setup Assist SKU or package than the import journal records.",
        "The report charges {charged} for customer '{customer}'{where}; the journal records {expected}.",
    ),
    ErrorType(
        "reconcile-wrong-amount",
        8005,
        E,
        422,
        "Charged amount differs",
        "A one-time charge's unit price or amount differs from the price book, the partner's discount and the journal.",
        "The report charges {charged} for {item} at customer '{customer}'{where}; expected {expected}.",
    ),
    ErrorType(
        "reconcile-partial-usage",
        8006,
        W,
        422,
        "Fewer units than subscribers",
        "The billing report charges fewer units than the journal has subscribers: expected in a period during which they were provisioned or removed, a loss otherwise.",
        "The report charges {item} for customer '{customer}'{where} with {charged}; the journal records {expected}.",
    ),
    # appended by issue 19 (the first hour with rtm)
    ErrorType(
        "workbook-empty",
        1008,
        W,
        400,
        "Workbook has no rows",
        "No sheet of the workbook has a data row, so there is nothing to validate or import; a blank template is not a filled workbook.",
        "{file} has no data rows on any sheet; fill in the Customers sheet (and the others) first.",
    ),
    ErrorType(
        "not-updatable",
        7104,
        W,
        409,
        "Change the API cannot make",
        "The row changes a field the provisioning API cannot update (a customer's name or primary email); the change must be made in Partner Hub.",
        "{sheet} row {row}: {fields} cannot be changed through the API (it still reads {old}); change it in Partner Hub.",
    ),
)

CATALOGUE: dict[str, ErrorType] = {e.code: e for e in _ENTRIES}
BY_ERROR_CODE: dict[int, ErrorType] = {e.error_code: e for e in _ENTRIES}


def catalogue_markdown() -> str:
    """The catalogue as the Markdown page ``docs/errors.md``: one table per family, in the order
    of the numeric codes. ``rtm codes --markdown > docs/errors.md`` writes it."""
    lines = [
        "# Error codes",
        "",
        "<!-- Generated from bulk/rules/catalogue.py by `rtm codes --markdown > docs/errors.md`;",
        "     do not edit by hand. -->",
        "",
        "Every problem the validator (`rtm validate`) or the simulator reports carries one of these",
        "stable codes. Errors block an import; warnings do not. `errorCode` is the number in the",
        "simulator's error body; `HTTP status` is the status the simulator answers with.",
    ]
    for number in sorted({e.error_code // 1000 for e in _ENTRIES}):
        entries = sorted(
            (e for e in _ENTRIES if e.error_code // 1000 == number), key=lambda e: e.error_code
        )
        family = FAMILIES[number]
        lines += ["", f"## {family[0].upper()}{family[1:]}", ""]
        lines += [
            "| code | severity | errorCode | HTTP status | title | description |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_markdown_row(e) for e in entries]
    return "\n".join(lines) + "\n"


def _markdown_row(e: ErrorType) -> str:
    cells = [f"`{e.code}`", str(e.severity), str(e.error_code), str(e.http_status), e.title]
    cells.append(e.description)
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


__all__ = [
    "BY_ERROR_CODE",
    "CATALOGUE",
    "FAMILIES",
    "ErrorType",
    "MissingParameter",
    "Severity",
    "catalogue_markdown",
]
