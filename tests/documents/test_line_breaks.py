"""French line breaks in the PDFs: a line never starts with « ; » nor leaves a lone « » » (the space
before a punctuation mark or inside guillemets does not break), on the public example basin."""

from __future__ import annotations

import copy
import datetime as dt
import io

from pypdf import PdfReader

from alize_desktop.documents.blocks import esc, tie_punctuation
from alize_desktop.documents.cooperation import build_cooperation
from alize_desktop.documents.minutes import build_minutes


def _lines(pdf: bytes) -> list[str]:
    return [line.strip() for page in PdfReader(io.BytesIO(pdf)).pages
            for line in (page.extract_text() or "").split("\n")]


def _orphans(lines: list[str]) -> list[str]:
    return [line for line in lines if line[:1] in {";", ":", "»", "!", "?"}]


def test_spaces_before_french_punctuation_do_not_break() -> None:
    assert tie_punctuation("à disposition ; mandataire « ligne 25 » : n° 3") == \
        "à disposition\u00a0; mandataire «\u00a0ligne 25\u00a0»\u00a0: n°\u00a03"
    assert esc("Dupont & Fils <SARL> ; « x »") == "Dupont &amp; Fils &lt;SARL&gt;\u00a0; «\u00a0x\u00a0»"


def test_merged_signature_block_keeps_mandataire_with_its_line(example_data) -> None:  # type: ignore[no-untyped-def]
    """The mandataire belongs to the partner lending skills: one block, « …à disposition ; mandataire du
    projet », never a line starting with « ; »."""
    data = copy.deepcopy(example_data)
    project = next(p for p in data["projects"] if p["id"] == "pr24")
    lenders = {e["partner_id"] for e in data["engagements"] if e["project_id"] == "pr24" and e["kind"] == "skills"}
    project["mandatary_id"] = next(h["id"] for h in data["people"] if h["partner_id"] in lenders
                                   and h.get("committee_member") and h.get("active"))
    out = io.BytesIO()
    build_cooperation(data, "pr24", out)
    lines = _lines(out.getvalue())
    joined = " ".join(lines).replace("\u00a0", " ")
    assert "Partenaire mettant des compétences à disposition ; mandataire du projet" in joined
    assert _orphans(lines) == []
    again = io.BytesIO()
    build_cooperation(data, "pr24", again)
    assert again.getvalue() == out.getvalue()


def test_minutes_item_heading_leaves_no_lone_guillemet(example_data) -> None:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    build_minutes(example_data, "m32", out, as_of=dt.date(2026, 11, 26))
    lines = _lines(out.getvalue())
    assert any(line.startswith("Point n°") for line in lines)
    assert "»" not in lines and _orphans(lines) == []
