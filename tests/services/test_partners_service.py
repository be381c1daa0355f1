"""Partners and people services: validation in French, deactivate rather than delete, journal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.partners import partners as svc
from alize_desktop.services.uow import RuleError

VALID_SIRET = "73282932000074"


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_create_partner_is_journaled(demo_engine) -> None:  # type: ignore[no-untyped-def]
    new_id = svc.create_partner(demo_engine, {"kind": "company", "name": "  Dupont & Fils <SARL> ",
                                              "siret": "732 829 320 00074", "address": "", "active": True})
    row = svc.get_partner(demo_engine, new_id)
    assert row is not None and row.name == "Dupont & Fils <SARL>" and row.siret == VALID_SIRET
    assert row.address is None and row.references == ()
    with Session(demo_engine) as s:
        entry = s.scalars(select(m.JournalEntry).where(m.JournalEntry.entity_id == new_id)).one()
    assert (entry.entity, entry.action) == ("partner", "create")


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"kind": "company", "name": "X", "siret": "73282932000075"}, "siret", "clé de contrôle"),
    ({"kind": "company", "name": "X", "siret": "1234"}, "siret", "14 chiffres"),
    ({"kind": "company", "name": "X", "siret": ""}, "siret", "obligatoire pour une entreprise"),
    ({"kind": "state", "name": " ", "siret": ""}, "name", "obligatoire"),
])
def test_invalid_partner_is_refused_whole(demo_engine, values, field, message) -> None:  # type: ignore[no-untyped-def]
    before = _count(demo_engine, m.Partner)
    with pytest.raises(RuleError) as err:
        svc.create_partner(demo_engine, values)
    assert message in err.value.problems[field]
    assert _count(demo_engine, m.Partner) == before


def test_siret_is_optional_for_other_kinds(demo_engine) -> None:  # type: ignore[no-untyped-def]
    new_id = svc.create_partner(demo_engine, {"kind": "local_authority", "name": "Commune de Sorne"})
    assert svc.get_partner(demo_engine, new_id).siret is None  # type: ignore[union-attr]


def test_referenced_partner_cannot_be_deleted_but_can_be_deactivated(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as err:
        svc.delete_partner(demo_engine, "p1")
    assert "désactivez-le" in err.value.problems[""]
    svc.set_partner_active(demo_engine, "p1", False)
    assert svc.get_partner(demo_engine, "p1").active is False  # type: ignore[union-attr]


def test_unreferenced_partner_and_person_are_deleted(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid = svc.create_partner(demo_engine, {"kind": "state", "name": "Préfecture"})
    hid = svc.create_person(demo_engine, {"partner_id": pid, "first_name": "Anne", "last_name": "Roy"})
    with pytest.raises(RuleError):
        svc.delete_partner(demo_engine, pid)  # it has a representative
    svc.delete_person(demo_engine, hid)
    svc.delete_partner(demo_engine, pid)
    assert svc.get_partner(demo_engine, pid) is None


def test_referenced_person_cannot_be_deleted(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as err:
        svc.delete_person(demo_engine, "h1")
    assert "désactivez" in err.value.problems[""]


def test_person_validation(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as err:
        svc.create_person(demo_engine, {"partner_id": "p1", "first_name": "", "last_name": "Roy", "email": "pas-un-mail"})
    assert set(err.value.problems) == {"first_name", "email"}


def test_active_company_count(demo_engine) -> None:  # type: ignore[no-untyped-def]
    assert svc.active_company_count(demo_engine) == 10  # p11 is inactive in the demo


def test_kind_cannot_change_once_pledged(demo_engine) -> None:  # type: ignore[no-untyped-def]
    values = svc.get_partner(demo_engine, "p1").values()  # type: ignore[union-attr]
    with pytest.raises(RuleError) as err:
        svc.update_partner(demo_engine, "p1", {**values, "kind": "state"})
    assert "type" in err.value.problems["kind"]
