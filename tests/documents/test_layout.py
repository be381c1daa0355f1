"""Layout rules of every document (issue 14 point 8): signature blocks with their clause, lead-ins
with their table, no lone row or bullet, French non-breaking spaces, every font embedded, and
hostile data (a 600-character name, a 20 000-character word) printed without a LayoutError."""

from __future__ import annotations

import copy
import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from pypdf import PdfReader

from alize_desktop.documents import build_document
from alize_desktop.documents.blocks import Signatory, bullets, data_table, esc, para, signatures
from alize_desktop.documents.engine import write_pdf
from alize_desktop.documents.layout import tie

from .conftest import BASIN, read_pages

KINDS = [
    ("partnership", {"convention_id": "conv1"}),
    ("operator", {"convention_id": "conv1"}),
    ("cooperation", {"project_id": "pr1"}),
    ("evaluation", {"convention_id": "conv1"}),
    ("agenda", {"meeting_id": "m1"}),
    ("minutes", {"meeting_id": "m1"}),
]
AS_OF = dt.date(2026, 11, 26)
FILLER = "Texte de remplissage qui occupe la page avant le passage que l'on observe. " * 3


def _pages(story: list[Any]) -> list[str]:
    out = io.BytesIO()
    write_pdf(story, out, title="Essai", basin_name="Bassin")
    return read_pages(out.getvalue())


def _filler(n: int) -> list[Any]:
    return [para(f"Paragraphe {i}. {FILLER}") for i in range(n)]


def _page_of(pages: list[str], text: str) -> int:
    found = [i for i, page in enumerate(pages) if text in page]
    assert found, text
    return found[0]


def test_tie_keeps_french_groups_on_one_line() -> None:
    nb = "\u00a0"
    assert tie("taux 0 %") == f"taux 0{nb}%"
    assert tie("le 9 juin 2022") == f"le 9{nb}juin{nb}2022"
    assert tie("le 1er mars 2024") == f"le 1er{nb}mars{nb}2024"
    assert tie("3 rue de l'Usine, 57000 Metz") == f"3 rue de l'Usine, 57000{nb}Metz"
    assert tie("15\u202f000,00\u00a0€") == f"15{nb}000,00{nb}€"
    iban = tie("FR73 0353 1469 1417 1430 4355 469")
    assert iban.count(" ") == 1 and iban.count(nb) == 5  # two halves, never a lone group
    assert tie("Article 3 — Objet") == f"Article{nb}3 — Objet"


@pytest.mark.parametrize("filler", range(0, 60, 3))
def test_signature_blocks_never_stand_without_their_clause(filler: int) -> None:
    signers = [Signatory(f"Partie {i}", f"Prénom Nom{i}", "Directeur", "Le partenaire") for i in range(3)]
    story = [*_filler(filler), *signatures([para("Article 12 — Clause finale des parties.")], signers)]
    pages = _pages(story)
    clause = _page_of(pages, "Clause finale")
    assert all(clause == _page_of(pages, f"Partie {i}") for i in range(3)), filler


@pytest.mark.parametrize("filler", range(0, 60, 4))
def test_a_long_list_of_signatories_never_carries_one_block_row_alone(filler: int) -> None:
    signers = [Signatory(f"Partie {i:02d}", f"Prénom Nom{i}", "Directeur", "Le partenaire") for i in range(11)]
    pages = _pages([*_filler(filler), *signatures([para("Clause finale des parties.")], signers)])
    clause = _page_of(pages, "Clause finale")
    assert _page_of(pages, "Partie 00") == clause  # the first row stays with the clause
    for page in pages:
        if "Fait à" in page and "Clause finale" not in page:
            assert page.count("Fait à") >= 3, filler  # never the last row alone


@pytest.mark.parametrize("filler", range(0, 60, 3))
def test_vote_lead_in_travels_with_its_table(filler: int) -> None:
    rows = [[esc(f"Membre {i:02d}"), "Pour"] for i in range(12)]
    story = [*_filler(filler), para("Vote nominatif : <b>12</b> pour."), data_table(["Membre", "Vote"], rows, [120, 40])]
    pages = _pages(story)
    lead = _page_of(pages, "Vote nominatif")
    assert _page_of(pages, "Membre 00") == lead and _page_of(pages, "Membre 01") == lead, filler
    # nor is the last row carried over alone
    assert _page_of(pages, "Membre 11") == _page_of(pages, "Membre 10"), filler


@pytest.mark.parametrize("filler", range(0, 60, 3))
def test_no_bullet_alone_at_a_page_foot_or_head(filler: int) -> None:
    items = [f"Élément numéro {i} de la liste, assez long pour occuper sa ligne entière sur la page." for i in range(6)]
    pages = _pages([*_filler(filler), *bullets(items)])
    assert _page_of(pages, "numéro 0") == _page_of(pages, "numéro 1"), filler
    assert _page_of(pages, "numéro 5") == _page_of(pages, "numéro 4"), filler


def _fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, embedded) for every font of every page, read with pypdf."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font["/BaseFont"]), embedded))
    return out


@pytest.mark.parametrize(("kind", "ids"), KINDS)
def test_every_font_of_every_document_is_embedded(kind: str, ids: dict[str, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{kind}.pdf"
    build_document(kind, copy.deepcopy(BASIN), out, as_of=AS_OF, **ids)
    fonts = _fonts(out.read_bytes())
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _e in fonts)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), listing  # the "emb" column
        assert "Helvetica" not in listing


def _hostile() -> dict[str, Any]:
    data = copy.deepcopy(BASIN)
    name = ("Société coopérative d'intérêt collectif des ateliers réunis " * 12)[:600]
    word = "A" * 20_000
    data["partners"][0]["name"] = name
    data["partners"][1]["name"] = word
    data["companies"][0]["name"] = name
    data["companies"][0]["address"] = word
    data["projects"][0]["title"] = word
    data["people"][0]["last_name"] = word
    data["basin"]["operator"]["name"] = name
    data["conventions"][0]["specific_objectives"] = word
    data["engagements"][0]["description"] = word
    data["meetings"][0]["place"] = word
    return data


@pytest.mark.parametrize(("kind", "ids"), KINDS)
def test_a_600_character_name_and_a_20000_character_word_print_in_every_kind(kind: str, ids: dict[str, str]) -> None:
    out = io.BytesIO()
    build_document(kind, _hostile(), out, as_of=AS_OF, **ids)  # no LayoutError
    text = " ".join(read_pages(out.getvalue()))
    assert "Société coopérative d'intérêt collectif" in text


def _signature_groups(story: list[Any]) -> list[tuple[str, str]]:
    """(the closing clause's last words, the first signatory's « Signataire : » line) of
    each group made by `blocks.signatures`, in story order."""
    from reportlab.platypus import KeepTogether, Table

    from alize_desktop.documents.layout import walk
    from alize_desktop.documents.signature_fields import SignatureBox

    def text(p: Any) -> str:
        return " ".join("".join(getattr(f, "text", "") for f in p.frags).replace("\u00a0", " ").split())

    groups = []
    for f in walk(story):
        if not isinstance(f, KeepTogether):
            continue
        tables = [t for t in f._content if isinstance(t, Table)]
        if not tables or not any(isinstance(x, SignatureBox) for x in walk(tables[:1])):
            continue
        before = [p for p in f._content[: f._content.index(tables[0])] if hasattr(p, "frags")]
        first_block = tables[0]._cellvalues[0][0]
        who = next(text(p) for p in first_block if hasattr(p, "frags") and text(p).startswith("Signataire :"))
        clause = " ".join(text(before[-1]).split()[-6:]) if before else ""
        groups.append((clause, who))
    return groups


@pytest.mark.parametrize(("kind", "ids"), [k for k in KINDS if k[0] != "agenda"])
def test_in_every_document_the_first_signature_row_shares_the_page_of_the_closing_clause(
        kind: str, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from alize_desktop.documents import engine as engine_module

    found: list[list[tuple[str, str]]] = []
    real = engine_module.render_pdf

    def keep(story: Any, **kwargs: Any) -> bytes:
        found.append(_signature_groups(list(story)))  # before the layout consumes the fragments
        return real(story, **kwargs)

    monkeypatch.setattr(engine_module, "render_pdf", keep)
    out = io.BytesIO()
    build_document(kind, copy.deepcopy(BASIN), out, as_of=AS_OF, **ids)
    pages = read_pages(out.getvalue())
    groups = found[0]
    assert groups
    start = 0
    for clause, who in groups:
        assert clause, "a signature group without its closing clause"
        # The page of this group's closing clause: the first one from `start` that also holds its
        # first signatory (two conventions of one PDF may close on the same sentence).
        at = next(i for i in range(start, len(pages)) if clause in pages[i] and who in pages[i])
        assert all(clause not in pages[i] or who not in pages[i + 1] for i in range(start, at)), (kind, clause, who)
        start = at + 1
