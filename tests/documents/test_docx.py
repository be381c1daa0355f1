"""The editable Word copy: for every kind, the DOCX says word for word what the PDF says (both come
from the same story), keeps its tables and headings, and is the same bytes for the same data."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from alize_desktop.documents import build_document
from alize_desktop.documents import engine as engine_module
from alize_desktop.documents.engine import FRAME_WIDTH, _fit
from alize_desktop.documents.fonts import FONT, FONT_BOLD

from .conftest import BASIN

AS_OF = dt.date(2026, 11, 26)
KINDS = [
    ("partnership", {"convention_id": "conv1"}),
    ("operator", {"convention_id": "conv1"}),
    ("cooperation", {"project_id": "pr1"}),
    ("evaluation", {"convention_id": "conv1"}),
    ("agenda", {"meeting_id": "m1"}),
    ("minutes", {"meeting_id": "m1"}),
]


def _words(text: str) -> list[str]:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).split()


def _para_text(p: Any) -> str:
    """A w:p's text as Word shows it: tabs and line breaks are white space."""
    parts = []
    for node in p.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag in ("tab", "br", "cr"):
            parts.append(" ")
    return "".join(parts)


def _docx_blocks(document: Any) -> tuple[list[str], list[list[str]]]:
    """The body's words in reading order, and each table's header row words."""
    words: list[str] = []
    headers: list[list[str]] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            words += _words(_para_text(child))
        elif child.tag.endswith("}tbl"):
            table = docx.table.Table(child, document)
            for r, row in enumerate(table.rows):
                row_words: list[str] = []
                for tc in row._tr.tc_lst:
                    for p in tc.iterchildren():
                        if p.tag.endswith("}p"):
                            row_words += _words(_para_text(p))
                if r == 0:
                    headers.append(row_words)
                words += row_words
    return words, headers


def _pdf_words(pdf: bytes, basin_name: str, title: str) -> list[str]:
    """The PDF's words without the running header (pages after the first) and the page footer."""
    half = FRAME_WIDTH / 2 - 4 * 2.834645669
    head = _words(_fit(basin_name, FONT_BOLD, 8, half) + " " + _fit(title, FONT, 8, half))
    words: list[str] = []
    for i, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        page_words = _words(page.extract_text() or "")
        if i > 0:
            assert page_words[: len(head)] == head
            page_words = page_words[len(head):]
        assert page_words[-4:-2] == ["Page", str(i + 1)] or page_words[-4] == "Page", page_words[-6:]
        words += page_words[:-4]
    return words


def _chart_words(story: list[Any]) -> set[str]:
    """Words a chart draws (axis labels, legend): in the PDF only, the DOCX keeps the tables."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    from alize_desktop.documents.layout import walk

    out: set[str] = set()
    for f in walk(story):
        if isinstance(f, Drawing):
            pdf = renderPDF.drawToString(f)
            for page in PdfReader(io.BytesIO(pdf)).pages:
                out |= set(_words(page.extract_text() or ""))
    return out


@pytest.mark.parametrize(("kind", "ids"), KINDS)
def test_docx_says_what_the_pdf_says(kind: str, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    stories: list[list[Any]] = []
    real = engine_module.render_pdf

    def keep_story(story: Any, **kwargs: Any) -> bytes:
        stories.append(list(story))
        return real(story, **kwargs)

    monkeypatch.setattr(engine_module, "render_pdf", keep_story)
    pdf, word = io.BytesIO(), io.BytesIO()
    build_document(kind, copy.deepcopy(BASIN), pdf, as_of=AS_OF, **ids)
    build_document(kind, copy.deepcopy(BASIN), word, as_of=AS_OF, fmt="docx", **ids)
    document = docx.Document(io.BytesIO(word.getvalue()))
    header = document.sections[0].header.paragraphs[0].text
    basin_name, title = header.split("\t")
    docx_words, table_headers = _docx_blocks(document)
    pdf_words = _pdf_words(pdf.getvalue(), basin_name, title)
    chart = _chart_words(stories[0])
    matcher = difflib.SequenceMatcher(a=docx_words, b=pdf_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        extra = pdf_words[b0:b1]
        # The only words the PDF has more: a table header repeated on the next page, a chart's labels.
        assert op == "insert" and (extra in table_headers or all(w in chart for w in extra)), (
            op, docx_words[max(0, a0 - 8):a1 + 8], pdf_words[max(0, b0 - 8):b1 + 8])
    assert len(docx_words) > 100


@pytest.mark.parametrize(("kind", "ids"), KINDS)
def test_docx_is_the_same_bytes_for_the_same_data_and_keeps_headings_and_tables(kind: str, ids: dict[str, str]) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    build_document(kind, copy.deepcopy(BASIN), first, as_of=AS_OF, fmt="docx", **ids)
    build_document(kind, copy.deepcopy(BASIN), second, as_of=AS_OF, fmt="docx", **ids)
    assert first.getvalue() == second.getvalue()
    document = docx.Document(io.BytesIO(first.getvalue()))
    styles = {p.style.name for p in document.paragraphs}
    assert "Title" in styles and "Heading 1" in styles
    assert document.tables
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.core_properties.created.year == 2000


def test_unknown_format_is_refused_in_french() -> None:
    from alize_desktop.documents import DocumentError

    with pytest.raises(DocumentError, match="format de document inconnu"):
        build_document("minutes", copy.deepcopy(BASIN), io.BytesIO(), meeting_id="m1", as_of=AS_OF, fmt="odt")


def test_docx_of_a_partnership_with_its_attached_annex_names_the_file_where_its_pages_go(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfWriter

    annex = tmp_path / "cahier des charges.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(annex, "wb") as handle:
        writer.write(handle)
    out = io.BytesIO()
    build_document("partnership", copy.deepcopy(BASIN), out, convention_id="conv1", as_of=AS_OF, fmt="docx",
                   annex2_pdf=str(annex))
    texts = [p.text.replace("\u00a0", " ") for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs]
    note = texts.index("[Document joint à la version PDF : cahier des charges.pdf]")
    assert any(t.startswith("Annexe 2") for t in texts[:note]) and any(t.startswith("Annexe 3") for t in texts[note:])
