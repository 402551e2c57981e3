"""The business rules of Wholesale RTM onboarding, pure and shared: the validator (offline) and the
simulator (server side) both call them, so they can never disagree (DESIGN §2).

Arguments in, values or :class:`Violation` lists out; no I/O, no clock, no randomness. The modules:

* :mod:`~bulk.rules.catalogue` — every error code with its severity, status and message template;
* :mod:`~bulk.rules.violations` — :class:`Violation`, the value every rule returns when broken;
* :mod:`~bulk.rules.packages` — package lists, dependencies, customer-only and calling rules;
* :mod:`~bulk.rules.languages` — the language codes the workbook and the API accept;
* :mod:`~bulk.rules.deadline` — business days and the six-business-day Setup Assist deadline;
* :mod:`~bulk.rules.assist` — entitlement, readiness, SKU by seats, project phases;
* :mod:`~bulk.rules.money` — net prices in ``Decimal`` and the price book;
* :mod:`~bulk.rules.billing` — user-days, billable units, one-time Setup Assist lines, periods;
* :mod:`~bulk.rules.spreadsheet_text` — the neutraliser of text a spreadsheet would run;
* :mod:`~bulk.rules.hidden_characters` — control and invisible characters in text.
"""

from __future__ import annotations

from bulk.rules.assist import (
    A_WHOLESALE_SKU,
    ASSIST_PHASES,
    EXPRESS_MAX_SEATS,
    AssistOrder,
    AssistSku,
    PhaseTemplate,
    Readiness,
    TaskTemplate,
    a_wholesale_order_violations,
    assist_order,
    current_phase,
    entitlement_violations,
    outstanding_tasks,
    phase_complete,
    phases_for,
    project_complete,
    readiness_violations,
)
from bulk.rules.billing import (
    MAX_REPORT_AGE_YEARS,
    Assignment,
    OneTimeLine,
    Period,
    assignment_days,
    assist_line,
    billable_units,
    billing_period_violations,
    month_period,
    periods_overlap,
    user_days,
    user_days_by_subscriber,
)
from bulk.rules.catalogue import (
    BY_ERROR_CODE,
    CATALOGUE,
    FAMILIES,
    ErrorType,
    MissingParameter,
    Severity,
    catalogue_markdown,
)
from bulk.rules.deadline import (
    ASSIST_LEAD_BUSINESS_DAYS,
    SUPPORTED_COUNTRIES,
    add_business_days,
    completion_date_violations,
    earliest_completion_date,
    is_business_day,
    meets_deadline,
)
from bulk.rules.hidden_characters import (
    ALLOWED_CONTROLS,
    INVISIBLE,
    control_character_violations,
    control_positions,
    describe,
    hidden_character_violations,
    invisible_positions,
    is_control,
)
from bulk.rules.languages import LANGUAGES, canonical_language
from bulk.rules.money import (
    CENT,
    PRICE_BOOK_KEYS,
    Charge,
    PriceBook,
    assist_charge,
    net_price,
)
from bulk.rules.packages import (
    CALLING_PACKAGES,
    CUSTOMER_ONLY_PACKAGES,
    CUSTOMER_PACKAGES,
    DEPENDENCIES,
    SUBSCRIBER_PACKAGES,
    customer_location_violations,
    customer_package_violations,
    dependency_violations,
    is_calling,
    needs_calling_location,
    subscriber_package_violations,
)
from bulk.rules.spreadsheet_text import (
    FORMULA_STARTS,
    QUOTE,
    formula_like,
    neutralise_csv,
    neutralised_csv,
    restore_csv,
    show_controls,
    spreadsheet_effect,
)
from bulk.rules.violations import RuleViolation, Violation

__all__ = [
    "ALLOWED_CONTROLS",
    "ASSIST_LEAD_BUSINESS_DAYS",
    "ASSIST_PHASES",
    "A_WHOLESALE_SKU",
    "BY_ERROR_CODE",
    "CALLING_PACKAGES",
    "CATALOGUE",
    "CENT",
    "CUSTOMER_ONLY_PACKAGES",
    "CUSTOMER_PACKAGES",
    "DEPENDENCIES",
    "EXPRESS_MAX_SEATS",
    "FAMILIES",
    "FORMULA_STARTS",
    "INVISIBLE",
    "LANGUAGES",
    "MAX_REPORT_AGE_YEARS",
    "PRICE_BOOK_KEYS",
    "QUOTE",
    "SUBSCRIBER_PACKAGES",
    "SUPPORTED_COUNTRIES",
    "Assignment",
    "AssistOrder",
    "AssistSku",
    "Charge",
    "ErrorType",
    "MissingParameter",
    "OneTimeLine",
    "Period",
    "PhaseTemplate",
    "PriceBook",
    "Readiness",
    "RuleViolation",
    "Severity",
    "TaskTemplate",
    "Violation",
    "a_wholesale_order_violations",
    "add_business_days",
    "assignment_days",
    "assist_charge",
    "assist_line",
    "assist_order",
    "billable_units",
    "billing_period_violations",
    "canonical_language",
    "catalogue_markdown",
    "completion_date_violations",
    "control_character_violations",
    "control_positions",
    "current_phase",
    "customer_location_violations",
    "customer_package_violations",
    "dependency_violations",
    "describe",
    "earliest_completion_date",
    "entitlement_violations",
    "formula_like",
    "hidden_character_violations",
    "invisible_positions",
    "is_business_day",
    "is_calling",
    "is_control",
    "meets_deadline",
    "month_period",
    "needs_calling_location",
    "net_price",
    "neutralise_csv",
    "neutralised_csv",
    "outstanding_tasks",
    "periods_overlap",
    "phase_complete",
    "phases_for",
    "project_complete",
    "readiness_violations",
    "restore_csv",
    "show_controls",
    "spreadsheet_effect",
    "subscriber_package_violations",
    "user_days",
    "user_days_by_subscriber",
]
