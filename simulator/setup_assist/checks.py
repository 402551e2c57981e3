"""Request checks of Setup Assist request bodies, from the field rulebook
(:mod:`bulk.rules.fields`): the contact's name, email and phone and the notes follow the same
rules as the validator's Setup Assist sheet."""

from __future__ import annotations

from bulk.rules import fields, values
from bulk.rules.violations import Violation
from simulator.customers.checks import email_violations, text_violations
from simulator.setup_assist.schemas import AssistRequestCreate

__all__ = ["request_violations"]


def request_violations(body: AssistRequestCreate) -> list[Violation]:
    """Everything wrong with the fields of a Setup Assist request."""
    contact = body.contact
    found = text_violations(fields.CONTACT_NAME, contact.name, "contact.name")
    found += email_violations(contact.email, "contact.email")
    if contact.phone is not None:
        problem = values.phone(contact.phone, "contact.phone")[1]
        found += [] if problem is None else [problem]
    found += text_violations(fields.NOTES, body.notes, "notes")
    problem = values.choice(body.channel, "channel", "channel", fields.CHANNELS)[1]
    return found if problem is None else [*found, problem]
