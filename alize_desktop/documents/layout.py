"""Page-layout rules applied to every document's story before it is laid out (PDF) or copied (DOCX).

The builders say what a document contains; the rules a French office expects of how it falls on
the pages are applied here once, for every kind, so a new clause cannot forget them:

- French non-breaking spaces (`tie`): « 0 % », « 9 juin 2022 », « 57000 Metz », an IBAN's groups,
  the spaces inside guillemets and before « ; : ! ? »; babel's narrow no-break space (U+202F), which
  reportlab would break a line at, becomes a no-break space;
- a paragraph that introduces a table (« Vote nominatif : … ») travels with the table's first rows;
- a table never leaves its first data row alone at the foot of a page nor carries its last row over
  alone (`NOSPLIT` on the first two and the last two data rows);
- list bullets, plain-string table cells and chart labels are drawn with the embedded DejaVu font
  (reportlab's default is Helvetica, which is not embedded);
- a heading kept with a long table does not push the whole table to the next page: the group only
  moves when the heading and the table's first rows do not fit (`KeepWithFirstRows`);
- a table with a row taller than a page (a 20 000-character word in a cell) is printed as its cells'
  paragraphs one after the other, where reportlab would stop with a LayoutError; a long word
  breaks where the line ends (`splitLongWords`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from alize_desktop.documents.fonts import FONT

NBSP = "\u00a0"
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Each pattern's group "sp" is a plain space that French never breaks a line at.
_TIES = [
    re.compile(r"(?P<sp> )(?=[»;:!?%€])"),
    re.compile(r"«(?P<sp> )"),
    re.compile(r"n°(?P<sp> )(?=\d)"),
    re.compile(rf"\b\d{{1,2}}(?:er)?(?P<sp> )(?=(?:{_MONTHS})\b)"),
    re.compile(rf"\b(?:{_MONTHS})(?P<sp> )(?=\d{{4}}\b)"),
    re.compile(r"\b\d{5}(?P<sp> )(?=[A-ZÀ-ÖØ-Þ])"),  # postcode and town
    re.compile(r"\b(?:Article|article|annexe|Annexe|page|Page)(?P<sp> )(?=\d)"),
]
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: [0-9A-Z]{1,4}){2,}\b")


def tie(text: str) -> str:
    """The same text with the spaces French keeps on one line made non-breaking (same length)."""
    if not text:
        return text
    chars = list(text.replace("\u202f", NBSP))
    for pattern in _TIES:
        for match in pattern.finditer(text):
            chars[match.start("sp")] = NBSP
    for match in _IBAN.finditer(text):
        # An IBAN reads as two halves of groups: it may wrap between them (a table cell is
        # narrower than the whole number), never inside a group nor leaving a lone group.
        spaces = [i for i in range(match.start(), match.end()) if chars[i] == " "]
        middle = spaces[(len(spaces) - 1) // 2] if len(spaces) > 3 else None
        for i in spaces:
            if i != middle:
                chars[i] = NBSP
    return "".join(chars)


def _tie_paragraph(p: Paragraph) -> None:
    """Tie the spaces across the paragraph's fragments (a rule may straddle `<b>0</b> %`)."""
    frags = [f for f in getattr(p, "frags", []) if isinstance(getattr(f, "text", None), str)]
    joined = tie("".join(f.text for f in frags))
    at = 0
    for f in frags:
        f.text, at = joined[at : at + len(f.text)], at + len(f.text)
    if getattr(p, "bulletText", None) is not None and not str(p.style.bulletFontName).startswith("DejaVu"):
        p.style = ParagraphStyle(f"{p.style.name}-dejavu", parent=p.style, bulletFontName=FONT)


def _too_tall(table: Table, frame: tuple[float, float]) -> bool:
    """A row taller than a page (a 20 000-character word, a pasted text in a cell)."""
    width, height = frame
    table.wrap(width, height)
    return max(table._rowHeights or [0]) > height * 0.9


def _unrolled(table: Table) -> list[Flowable]:
    """The table's cells one after the other, row by row: every word is printed and flows over
    as many pages as it needs, where the table would stop the document with a LayoutError."""
    from reportlab.lib.units import mm

    out: list[Flowable] = []
    for row in table._cellvalues:
        for value in row:
            items = value if isinstance(value, list | tuple) else [value]
            for item in items:
                if isinstance(item, Flowable):
                    out.append(item)
                elif item not in (None, ""):
                    from xml.sax.saxutils import escape

                    from alize_desktop.documents.styles import styles

                    out.append(Paragraph(escape(str(item)), styles().cell))
        out.append(Spacer(1, 2 * mm))
    return out


def _unroll_tall_tables(flowables: list[Flowable], frame: tuple[float, float]) -> list[Flowable]:
    out: list[Flowable] = []
    for f in flowables:
        if isinstance(f, Table) and _too_tall(f, frame):
            out += _unrolled(f)
        elif isinstance(f, KeepTogether):
            f._content = _unroll_tall_tables(list(f._content), frame)
            out.append(f)
        else:
            out.append(f)
    return out


def _guard_rows(table: Table) -> None:
    """No data row left alone at the foot of a page, nor carried over alone to the next one."""
    if getattr(table, "_alize_guarded", False):
        return
    table._alize_guarded = True
    # A plain-string cell (even an empty one) is set in the table's font, Helvetica unless told:
    # a font the PDF would not embed.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))
    head = table.repeatRows if isinstance(table.repeatRows, int) else len(table.repeatRows)
    rows = len(table._cellvalues)
    if rows - head < 3:
        if rows - head == 2:
            table.setStyle(TableStyle([("NOSPLIT", (0, head), (-1, rows - 1))]))
        return
    table.setStyle(TableStyle([("NOSPLIT", (0, head), (-1, head + 1)), ("NOSPLIT", (0, rows - 2), (-1, rows - 1))]))


def _dejavu_drawing(drawing: Drawing) -> None:
    """A chart's labels, legend and titles in DejaVu (reportlab's charts default to Helvetica)."""
    for item in drawing.getContents():
        if isinstance(item, String):
            if not str(item.fontName).startswith("DejaVu"):
                item.fontName = FONT
        elif hasattr(item, "getProperties"):
            try:
                props = item.getProperties()
            except Exception:  # a widget without introspectable properties: leave it
                continue
            updates = {k: FONT for k, v in props.items()
                       if k.endswith("fontName") and not str(v).startswith("DejaVu")}
            if updates:
                item.setProperties(updates)
        if isinstance(item, Group):
            sub = Drawing(0, 0)
            sub.contents = item.contents
            _dejavu_drawing(sub)


def walk(story: Iterable[Flowable]) -> Iterator[Flowable]:
    """Every flowable of the story, containers' content and table cells included."""
    for f in story:
        yield f
        if isinstance(f, KeepTogether):
            yield from walk(f._content)
        elif isinstance(f, Table):
            for row in f._cellvalues:
                for value in row:
                    if isinstance(value, Flowable):
                        yield from walk([value])
                    elif isinstance(value, list | tuple):
                        yield from walk(v for v in value if isinstance(v, Flowable))


def _introduces(flowables: Sequence[Flowable], i: int) -> bool:
    """A short paragraph right before a table (spacers aside) is its lead-in."""
    p = flowables[i]
    if not isinstance(p, Paragraph) or getattr(p, "bulletText", None) is not None:
        return False
    if len("".join(getattr(f, "text", "") for f in p.frags)) > 400:
        return False
    for nxt in flowables[i + 1 :]:
        if isinstance(nxt, Spacer):
            continue
        return isinstance(nxt, Table)
    return False


def _keep_lead_ins(flowables: list[Flowable]) -> None:
    for i, f in enumerate(flowables):
        if isinstance(f, KeepTogether):
            _keep_lead_ins(f._content)
        elif _introduces(flowables, i):
            f.keepWithNext = 1
            # and the spacers between it and the table, or the chain would end at a spacer
            for nxt in flowables[i + 1 :]:
                if not isinstance(nxt, Spacer):
                    break
                nxt.keepWithNext = 1


def prepare(story: Sequence[Flowable], frame: tuple[float, float] | None = None) -> list[Flowable]:
    """Apply the layout rules to a story (in place on its flowables; returns the top-level list).

    With `frame` (the page's frame width and height: a PDF), a table with a row taller than a
    page is printed as its cells' paragraphs one after the other."""
    flowables = list(story)
    if frame is not None:
        flowables = _unroll_tall_tables(flowables, frame)
    for f in walk(flowables):
        if isinstance(f, Paragraph):
            _tie_paragraph(f)
        elif isinstance(f, Table):
            _guard_rows(f)
        elif isinstance(f, Drawing):
            _dejavu_drawing(f)
    _keep_lead_ins(flowables)
    return flowables


class KeepWithFirstRows(KeepTogether):
    """reportlab's keep-with-next group, except that a group ending with a long table stays where it
    is when its lead (headings, lead-in) and the table's header and first two rows fit: the table
    then splits itself, instead of the whole group leaving half a page blank."""

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        content = self._content
        last = content[-1] if content else None
        if isinstance(last, Table) and len(content) > 1:
            self.wrap(aW, aH)
            if self._H > aH:
                need = 0.0
                for f in content[:-1]:
                    need += f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                last.wrap(aW, aH)
                head = last.repeatRows if isinstance(last.repeatRows, int) else len(last.repeatRows)
                need += sum(last._rowHeights[: head + getattr(last, "first_rows", 2)]) + last.getSpaceBefore()
                if need <= aH:
                    return list(content)
        return super().split(aW, aH)
