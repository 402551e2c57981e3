"""Shared pieces of the wire schemas: camelCase aliases, package enums, timestamps."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from bulk.rules.hidden_characters import control_character_violations
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES
from bulk.rules.violations import RuleViolation


class WireModel(BaseModel):
    """A request or response body: camelCase on the wire, snake_case in Python; unknown
    request fields are ignored, as the real API does."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    @model_validator(mode="after")
    def _refuse_control_characters(self) -> Self:
        """A control character (NUL, ESC, ...) in any text field is refused with
        ``cell-forbidden-character``, as the validator refuses it (docs/validator.md): none
        may reach the database or a file. Tab, line feed and carriage return are allowed."""
        fields = type(self).model_fields
        texts = {
            fields[name].alias or name: value
            for name, value in self.__dict__.items()
            if isinstance(value, str) and not value.isprintable()
        }
        found = control_character_violations(texts) if texts else []
        if found:
            raise RuleViolation(found)
        return self


# Package names are typed as strings carrying the reference's enum in the OpenAPI description;
# the backends check them with bulk.rules.packages, so a bad name gets the catalogue's code
# (cell-invalid-package, package-not-for-subscriber) exactly as the offline validator reports it.
CustomerPackage = Annotated[str, Field(json_schema_extra={"enum": list(CUSTOMER_PACKAGES)})]
SubscriberPackage = Annotated[str, Field(json_schema_extra={"enum": list(SUBSCRIBER_PACKAGES)})]


def timestamp(value: datetime) -> str:
    """An ISO-8601 UTC timestamp with milliseconds and ``Z``, as Webex writes them."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


class ResourceURL(WireModel):
    """``{"url": ...}``: where an accepted asynchronous resource can be read."""

    url: str
