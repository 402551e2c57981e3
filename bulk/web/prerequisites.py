"""The portal's *Setup Assist* section: the partner's A-Wholesale entitlement and readiness as
the target API holds them, and what is still missing with the command that fixes it
(docs/portal.md; the same calls as ``rtm assist entitlement|readiness show``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bulk.client import ApiError, ApiSession, WholesaleClient, open_http_client
from bulk.importer import api_refusal, safe_url
from bulk.web.settings import PortalSettings

READINESS_ITEMS = {
    "pstnConnectivity": "PSTN connectivity",
    "hostingRequirements": "Third-party hosting requirements",
    "ossBss": "OSS/BSS configuration",
}


@dataclass(frozen=True, slots=True)
class Prerequisites:
    """What the section shows: ``problem`` when the API could not be asked."""

    order_number: str | None = None
    readiness: dict[str, bool] = field(default_factory=dict)
    problem: str | None = None

    @property
    def missing(self) -> list[tuple[str, str, str]]:
        """(what is missing, the ``rtm`` command that fixes it, the code rows will fail with)."""
        found: list[tuple[str, str, str]] = []
        if self.order_number is None:
            command = "rtm assist entitlement order --order-number N"
            found.append(("A-Wholesale is not ordered", command, "assist-not-entitled"))
        flags = {"pstnConnectivity": "--pstn", "hostingRequirements": "--hosting"}
        flags["ossBss"] = "--oss-bss"
        for key, label in READINESS_ITEMS.items():
            if not self.readiness.get(key):
                command = f"rtm assist readiness set {flags[key]}"
                found.append((f"{label} not marked ready", command, "assist-partner-not-ready"))
        return found


async def prerequisites(settings: PortalSettings) -> Prerequisites | None:
    """Ask the target API; ``None`` when the portal has no target API or token."""
    if not settings.target_url or not settings.token:
        return None
    try:
        async with open_http_client(settings.target_url, concurrency=1, timeout=10) as http:
            api = WholesaleClient(ApiSession(http, settings.token))
            entitlement = await api.get_entitlement()
            readiness = await api.get_readiness()
    except ApiError as error:
        shown = safe_url(settings.target_url)  # never the URL's password, never the token
        reason = api_refusal(error, shown) or f"the API at {shown} answered: {error}"
        return Prerequisites(problem=" ".join(reason.split()))
    number = str(entitlement.get("orderNumber")) if entitlement else None
    return Prerequisites(number, readiness)


__all__ = ["READINESS_ITEMS", "Prerequisites", "prerequisites"]
