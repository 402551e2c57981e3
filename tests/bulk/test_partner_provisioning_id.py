"""The partner file's ``provisioning_id``: the customer template the importer and the portal
provision new customers with (no default of their own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulk.partner import PartnerFileError, load_partner

PARTNER = """[partner]
name = "Northwind Telecom"
currency = "USD"
discount = "0.30"
a_wholesale_ordered = true
{extra}
[readiness]
pstn_connectivity = true
hosting_requirements = true
oss_bss = true
"""


def _partner(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "partner.toml"
    path.write_text(PARTNER.format(extra=extra), encoding="utf-8")
    return path


def test_the_partner_file_carries_the_provisioning_id(tmp_path: Path) -> None:
    given = _partner(tmp_path, 'provisioning_id = "  ZjViMzYx  "\n')
    assert load_partner(given).provisioning_id == "ZjViMzYx"
    assert load_partner(_partner(tmp_path, "")).provisioning_id is None


def test_an_empty_provisioning_id_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(PartnerFileError, match=r"partner\.provisioning_id must be a non-empty"):
        load_partner(_partner(tmp_path, 'provisioning_id = ""\n'))
