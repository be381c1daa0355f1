"""Conventions, commitments and their totals (to the cent), renewal alert, Annex 2."""

from __future__ import annotations

import datetime as dt

import pytest

from alize_desktop.services.conventions import conventions as svc
from alize_desktop.services.uow import RuleError


def test_demo_totals_add_up(demo_engine, demo_data) -> None:  # type: ignore[no-untyped-def]
    rows = svc.list_commitments(demo_engine, "conv-2025")
    expected = [k for k in demo_data["commitments"] if k["convention_id"] == "conv-2025"]
    totals = svc.commitment_totals(rows, 90_000_000)
    assert totals.grand_cents == sum(k["amount_cents"] for k in expected)
    assert sum(totals.by_partner.values()) == totals.grand_cents
    assert sum(totals.by_year.values()) == totals.grand_cents
    assert sum(totals.by_nature.values()) == totals.grand_cents
    kinds = {p["id"]: p["kind"] for p in demo_data["partners"]}
    assert totals.by_kind["company"] == sum(k["amount_cents"] for k in expected if kinds[k["partner_id"]] == "company")
    assert abs(sum(totals.profile.values()) - 1.0) < 1e-9


def test_end_is_start_plus_three_years_minus_one_day(demo_engine) -> None:  # type: ignore[no-untyped-def]
    conv = next(c for c in svc.list_conventions(demo_engine) if c.id == "conv-2025")
    assert conv.end == dt.date(2027, 12, 31)


def test_overlapping_convention_refused(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as err:
        svc.create_convention(demo_engine, {"start": dt.date(2027, 6, 1)})
    assert "chevauche" in err.value.problems["start"]
    new_id = svc.create_convention(demo_engine, {"start": dt.date(2028, 1, 1), "specific_objectives": "Suite"})
    assert new_id == "conv-2028"


def test_renewal_alert_six_months_before_end(demo_engine) -> None:  # type: ignore[no-untyped-def]
    rows = svc.list_conventions(demo_engine)
    assert svc.renewal_alert(rows, dt.date(2027, 6, 29)) is None
    alert = svc.renewal_alert(rows, dt.date(2027, 6, 30))
    assert alert is not None and "31 décembre 2027" in alert and "renouvellement" in alert
    svc.create_convention(demo_engine, {"start": dt.date(2028, 1, 1)})
    assert svc.renewal_alert(svc.list_conventions(demo_engine), dt.date(2027, 7, 1)) is None


def test_commitment_rules(demo_engine) -> None:  # type: ignore[no-untyped-def]
    base = {"convention_id": "conv-2025", "partner_id": "p1", "year": 2, "nature": "skills", "amount_cents": 300000}
    with pytest.raises(RuleError) as err:
        svc.create_commitment(demo_engine, {**base, "days": None})
    assert "jours" in err.value.problems["days"]
    with pytest.raises(RuleError) as err:
        svc.create_commitment(demo_engine, {**base, "partner_id": "p11", "days": 3})
    assert "plus actif" in err.value.problems["partner_id"]
    before = svc.commitment_totals(svc.list_commitments(demo_engine, "conv-2025"), 0).grand_cents
    kid = svc.create_commitment(demo_engine, {**base, "days": 3})
    assert svc.commitment_totals(svc.list_commitments(demo_engine, "conv-2025"), 0).grand_cents == before + 300000
    svc.delete_commitment(demo_engine, kid)
    assert svc.commitment_totals(svc.list_commitments(demo_engine, "conv-2025"), 0).grand_cents == before


def test_annex2_attach_and_detach(demo_engine, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reportlab.pdfgen import canvas

    src = tmp_path / "cahier.pdf"
    c = canvas.Canvas(str(src))
    c.drawString(100, 700, "Cahier des charges")
    c.save()
    svc.attach_annex2(demo_engine, demo_db, "conv-2025", src)
    path = svc.annex2_path(demo_engine, demo_db, "conv-2025")
    assert path is not None and path.read_bytes() == src.read_bytes()
    bad = tmp_path / "faux.pdf"
    bad.write_text("pas un pdf")
    with pytest.raises(RuleError):
        svc.attach_annex2(demo_engine, demo_db, "conv-2025", bad)
    assert svc.annex2_path(demo_engine, demo_db, "conv-2025") == path
    svc.detach_annex2(demo_engine, "conv-2025")
    assert svc.annex2_path(demo_engine, demo_db, "conv-2025") is None
