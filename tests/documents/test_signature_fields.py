"""Ready for electronic signature: one empty PDF signature field per signatory of each convention,
over its signature box, the same bytes for the same data; a copy signed in a field (here with a
certificate made in the test) is recognised as signed, and a changed byte as no longer intact."""

from __future__ import annotations

import copy
import datetime as dt
import io
import pathlib

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.documents import build_document
from alize_desktop.documents.signature_fields import check_signatures, field_name
from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.services.conventions.signatures import cooperation_rows, record_signature, verify_scan

from .conftest import BASIN
from .signing import field_names, sign_field

AS_OF = dt.date(2026, 11, 26)


def _pdf(kind: str, **ids: str) -> bytes:
    out = io.BytesIO()
    build_document(kind, copy.deepcopy(BASIN), out, as_of=AS_OF, **ids)
    return out.getvalue()


def test_field_names_are_ascii_without_dots() -> None:
    assert field_name("Loïc Béranger", "Directeur") == "Signature - Loic Beranger (Directeur)"
    assert field_name("", "", "Dupont & Fils <SARL>") == "Signature - Dupont Fils SARL"
    assert "." not in field_name("J.-P. Durand", "Dir. général")


def test_operator_convention_has_one_field_per_signatory_over_its_box() -> None:
    pdf = _pdf("operator", convention_id="conv1")
    assert field_names(pdf) == ["Signature - Noel Lefevre (Delegue general)",
                                "Signature - Helene Perier (Operateur Co Local)"]
    reader = PdfReader(io.BytesIO(pdf))
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    assert len(widgets) == 2  # on the page of the signature blocks
    text = last.extract_text()
    assert "Noël Lefèvre" in text and "Hélène Périer" in text
    (x0, y0, x1, y1) = (float(v) for v in widgets[0]["/Rect"])
    assert x1 - x0 > 150 and 40 < y1 - y0 < 80  # the room left to sign, not a dot


@pytest.mark.parametrize(("kind", "ids", "count"), [
    ("partnership", {"convention_id": "conv1"}, 11),  # 9 parties, then annex 3's two signatories
    # The convention (company, comité, two partners lending skills, the mandataire's partner, the
    # operator) and its annexes, each signed again by the company, the comité and the operator.
    ("cooperation", {"project_id": "pr1"}, 12),
])
def test_every_signature_block_of_a_convention_carries_a_field(kind: str, ids: dict[str, str], count: int) -> None:
    pdf = _pdf(kind, **ids)
    names = field_names(pdf)
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert len(names) == len(set(names)) == count == text.count("Signataire :")
    assert _pdf(kind, **ids) == pdf  # the same bytes for the same data


def test_minutes_and_reports_have_no_signature_field() -> None:
    assert field_names(_pdf("minutes", meeting_id="m1")) == []
    assert field_names(_pdf("evaluation", convention_id="conv1")) == []


def test_a_field_signed_with_a_self_made_certificate_is_recognised(tmp_path: pathlib.Path) -> None:
    pdf = _pdf("operator", convention_id="conv1")
    assert "champs de signature sont vides" in check_signatures(pdf).sentence
    signed = sign_field(pdf, "Signature - Noel Lefevre (Delegue general)", tmp_path)
    check = check_signatures(signed)
    assert [(f.name, f.signed, f.intact) for f in check.fields] == [
        ("Signature - Noel Lefevre (Delegue general)", True, True),
        ("Signature - Helene Perier (Operateur Co Local)", False, False)]
    assert check.sentence == ("Signature électronique intacte : « Signature - Noel Lefevre (Delegue general) » ; "
                              "reste à signer : « Signature - Helene Perier (Operateur Co Local) ».")
    both = sign_field(signed, "Signature - Helene Perier (Operateur Co Local)", tmp_path)
    assert check_signatures(both).sentence.startswith("2 signatures électroniques intactes")
    forged = bytearray(signed)
    forged[len(pdf) // 2] ^= 0x01  # one byte of the signed pages changed
    assert check_signatures(bytes(forged)).sentence.startswith(
        "Attention : la signature « Signature - Noel Lefevre (Delegue general) » ne correspond plus au document")


def test_a_hand_signed_scan_has_no_electronic_signature() -> None:
    assert check_signatures(b"%PDF-1.7\nnot really\n%%EOF").sentence.startswith("Les signatures électroniques")


def test_attaching_an_electronically_signed_copy_checks_and_keeps_its_signatures(
        demo_engine, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in cooperation_rows(demo_engine) if r.status == "approved" and r.mandatary)
    pdf = document_bytes(demo_engine, demo_db, "cooperation", project_id=row.project_id, as_of=AS_OF)
    first = field_names(pdf)[0]
    scan = tmp_path / "signée.pdf"
    scan.write_bytes(sign_field(pdf, first, tmp_path))
    signed_on = row.approved_on + dt.timedelta(days=2)
    record_signature(demo_engine, demo_db, row.project_id, signed_on, scan, today=signed_on)
    with Session(demo_engine) as s:
        entry = s.execute(select(m.JournalEntry).order_by(m.JournalEntry.pk.desc())).scalars().first()
    assert entry.changed["signed_scan_signatures"].startswith(f"Signature électronique intacte : « {first} »")
    check = verify_scan(demo_engine, demo_db, row.project_id)
    assert check.state == "ok" and check.signatures.startswith(f"Signature électronique intacte : « {first} »")
    assert "reste à signer" in check.signatures
