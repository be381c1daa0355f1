"""Signature of a cooperation convention: date rules, the scan copied under a safe name, its hash."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.paths import attachments_dir
from alize_desktop.services.conventions.signatures import (
    cooperation_rows,
    record_signature,
    safe_name,
    verify_scan,
)
from alize_desktop.services.uow import RuleError


def _approved(engine):
    return next(r for r in cooperation_rows(engine) if r.status == "approved" and r.mandatary)


def _pieces(db):
    folder = attachments_dir(db)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_signature_with_scan(demo_engine, demo_db, tmp_path):
    row = _approved(demo_engine)
    scan = tmp_path / "scan de Dupont & Fils <SARL>.pdf"
    scan.write_bytes(b"%PDF-1.7\nsigned\n%%EOF")
    signed = row.approved_on + dt.timedelta(days=3)
    record_signature(demo_engine, demo_db, row.project_id, signed, scan, today=signed)
    with Session(demo_engine) as s:
        p = s.get(m.Project, row.project_id)
        entry = s.execute(select(m.JournalEntry).order_by(m.JournalEntry.pk.desc())).scalars().first()
    assert p.status == "convention_signed" and p.convention_signed_on == signed
    assert p.signed_scan_sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert p.signed_scan_path == safe_name(row.project_id, signed, p.signed_scan_sha256)
    assert (attachments_dir(demo_db) / p.signed_scan_path).read_bytes() == scan.read_bytes()
    assert (entry.entity, entry.action, entry.changed["status"]) == ("project", "sign", ["approved", "convention_signed"])
    assert verify_scan(demo_engine, demo_db, row.project_id).state == "ok"
    (attachments_dir(demo_db) / p.signed_scan_path).write_bytes(b"%PDF-1.7\nforged")
    assert verify_scan(demo_engine, demo_db, row.project_id).state == "changed"
    (attachments_dir(demo_db) / p.signed_scan_path).unlink()
    assert verify_scan(demo_engine, demo_db, row.project_id).state == "missing"


def test_refusals_leave_nothing_behind(demo_engine, demo_db, tmp_path):
    row = _approved(demo_engine)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(RuleError) as exc:
        record_signature(demo_engine, demo_db, row.project_id, row.approved_on - dt.timedelta(days=1), scan,
                         today=row.approved_on)
    assert "précéder l'agrément" in exc.value.problems["signed_on"]
    with pytest.raises(RuleError) as exc:
        record_signature(demo_engine, demo_db, row.project_id, row.approved_on + dt.timedelta(days=2), scan,
                         today=row.approved_on)
    assert "futur" in exc.value.problems["signed_on"]
    not_pdf = tmp_path / "scan.txt"
    not_pdf.write_text("bonjour")
    with pytest.raises(RuleError) as exc:
        record_signature(demo_engine, demo_db, row.project_id, row.approved_on, not_pdf, today=row.approved_on)
    assert "PDF" in exc.value.problems["scan"]
    with Session(demo_engine) as s:
        s.execute(m.Project.__table__.update().where(m.Project.id == row.project_id).values(mandatary_id=None))
        s.commit()
    with pytest.raises(RuleError) as exc:
        record_signature(demo_engine, demo_db, row.project_id, row.approved_on, scan, today=row.approved_on)
    assert "mandataire" in exc.value.problems[""]
    with Session(demo_engine) as s:
        p = s.get(m.Project, row.project_id)
        assert (p.status, p.convention_signed_on, p.signed_scan_path) == ("approved", None, None)
    assert _pieces(demo_db) == []


def test_not_approved_project_is_refused(demo_engine, demo_db, demo_data):
    project = next(p for p in demo_data["projects"] if p["status"] in ("received", "in_review", "rejected"))
    with pytest.raises(RuleError) as exc:
        record_signature(demo_engine, demo_db, project["id"], dt.date(2026, 1, 1), None, today=dt.date(2026, 11, 26))
    assert "n'est pas agréé" in exc.value.problems[""]


def test_correcting_the_date_of_a_signed_convention_keeps_the_status(demo_engine, demo_db):
    row = next(r for r in cooperation_rows(demo_engine) if r.status == "in_follow_up" and r.signed_on)
    with Session(demo_engine) as s:
        first = min(f.date for f in s.execute(select(m.FollowUp).where(m.FollowUp.project_id == row.project_id)).scalars())
    with pytest.raises(RuleError) as exc:
        record_signature(demo_engine, demo_db, row.project_id, first + dt.timedelta(days=1), None,
                         today=dt.date(2100, 1, 1))
    assert "rapport de suivi" in exc.value.problems["signed_on"]
    new = row.signed_on + dt.timedelta(days=1)
    record_signature(demo_engine, demo_db, row.project_id, new, None, today=dt.date(2100, 1, 1))
    with Session(demo_engine) as s:
        p = s.get(m.Project, row.project_id)
    assert (p.status, p.convention_signed_on) == ("in_follow_up", new)
