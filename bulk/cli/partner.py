"""``rtm partner init``: write a commented partner profile (TOML) to fill in.

The file is what ``rtm validate --partner``, ``rtm import --partner``, ``rtm assist form
--partner`` and ``rtm web --partner`` read (docs/validator.md, "The partner file"). The written
file loads as it is; an existing file is never overwritten. Exit 0 written, 2 refused.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer

from bulk.cli.output import print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.partner import PartnerFileError, PartnerProfile, load_partner

partner_app = typer.Typer(
    help="The partner profile (TOML) the validator, importer and portal read.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(partner_app, name="partner")

TEMPLATE = """\
# Partner profile for rtm validate/import/web --partner (docs/validator.md, "The partner file").

[partner]
# Your company name as Cisco knows it; shown on Setup Assist request forms.
name = "{name}"
# ISO 4217 currency of your price book and billing reports.
currency = "{currency}"
# Your Setup Assist discount, a decimal string between "0" and "1" ("0.30" is 30 %).
discount = "{discount}"
# true once A-Wholesale is ordered (rtm assist entitlement order); false makes every
# Setup Assist row an assist-not-entitled error, as the API would answer.
a_wholesale_ordered = false
# The customer template's provisioning ID (rtm sim token prints it for the simulator).
# provisioning_id = "..."

[readiness]
# The three onboarding readiness items (rtm assist readiness set); any false makes Setup
# Assist rows assist-partner-not-ready errors.
pstn_connectivity = false
hosting_requirements = false
oss_bss = false
"""


@partner_app.command("init")
def init_command(
    output: Path = typer.Option(Path("partner.toml"), "-o", "--output", help="File to write."),
    name: str = typer.Option("Your Company", "--name", help="The partner's name."),
    currency: str = typer.Option("USD", "--currency", help="ISO 4217 currency code."),
    discount: str = typer.Option("0", "--discount", help='Setup Assist discount, e.g. "0.30".'),
    json_to: str | None = typer.Option(
        None, "--json", help="Also write the summary as JSON to FILE (- = stdout)."
    ),
) -> None:
    """Write a commented partner profile to fill in (never overwrites a file)."""
    require_suffix("partner init", "-o", output, ".toml")
    if output.exists():
        raise refuse("partner init", f"{output} already exists", "choose another -o or remove it")
    text = TEMPLATE.format(name=name.replace('"', "'"), currency=currency, discount=discount)
    try:
        output.write_text(text, encoding="utf-8")
        profile = load_partner(output)
    except OSError as error:
        raise refuse(
            "partner init", f"cannot write {output}: {error.strerror}", "choose another -o"
        ) from None
    except PartnerFileError as error:
        output.unlink(missing_ok=True)
        raise refuse("partner init", str(error), "see `rtm partner init --help`") from None
    if json_to is not None:
        print_json({"output": str(output), **profile_json(profile)}, json_to)
    if json_to != "-":
        typer.echo(f"Wrote {output}: fill it in, then pass it as --partner {output}.")


def profile_json(profile: PartnerProfile) -> dict[str, Any]:
    """What a partner file holds, as ``rtm partner init --json`` shows it."""
    return {
        "name": profile.name,
        "currency": profile.currency,
        "discount": str(profile.discount),
        "a_wholesale_ordered": profile.a_wholesale_ordered,
        "readiness": dataclasses.asdict(profile.readiness),
        "provisioning_id": profile.provisioning_id,
    }


__all__ = ["init_command", "profile_json"]
