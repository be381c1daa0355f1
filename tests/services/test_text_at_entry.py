"""The dialogs' services refuse, beside the field, the texts the import refuses: too long, control
or invisible characters, a line break in a one-line field. Nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.basin_settings import basin_problems, new_basin_values
from alize_desktop.services.partners import partners
from alize_desktop.services.uow import RuleError


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(m.Partner)) or 0


@pytest.mark.parametrize(("name", "said"), [
    ("P" * 600, "Texte trop long (600 caractères, au plus 200) : raccourcissez-le."),
    ("Dupont\x07 & Fils", "caractère de contrôle (U+0007)"),
    ("Dupont\u202e & Fils", "mise en forme invisible (U+202E)"),
    ("Dupont\n& Fils", "retour à la ligne"),
])
def test_a_partner_name_the_import_would_refuse_is_refused_beside_the_field(demo_engine, name: str, said: str) -> None:  # type: ignore[no-untyped-def]
    before = _count(demo_engine)
    with pytest.raises(RuleError) as refused:
        partners.create_partner(demo_engine, {"kind": "company", "name": name, "active": True})
    assert said in refused.value.problems["name"]
    assert _count(demo_engine) == before


def test_a_multiline_address_is_fine_but_not_a_control_character() -> None:
    values = {**new_basin_values(), "name": "Bassin", "operator_address": "1 rue du Port\n33000 Bordeaux"}
    assert "operator_address" not in basin_problems(values)
    values["operator_address"] = "1 rue du Port\x00"
    assert "caractère de contrôle" in basin_problems(values)["operator_address"]
