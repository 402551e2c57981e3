"""Shared pieces of the wire schemas: camelCase aliases, package enums, timestamps."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES


class WireModel(BaseModel):
    """A request or response body: camelCase on the wire, snake_case in Python; unknown
    request fields are ignored, as the real API does."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


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
