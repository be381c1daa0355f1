"""Flowable builders shared by the documents: escaped paragraphs, tables, signature blocks.

Everything a user typed goes through `esc` (or `plain`) before reaching a Paragraph, whose
mini-language would otherwise eat `<SARL>` as a tag or choke on `&`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from alize_desktop.documents.engine import FRAME_WIDTH
from alize_desktop.documents.fonts import FONT_BOLD
from alize_desktop.documents.styles import RULE, SUBTOTAL, grid_style, styles

BLANK = "……………………"


def esc(value: object) -> str:
    """User text → Paragraph markup, printed exactly as typed (newlines kept)."""
    if value is None:
        return ""
    text = escape(str(value))
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def plain(value: object, style_name: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(esc(value), getattr(styles(), style_name))


def para(markup: str, style_name: str = "body") -> Paragraph:
    """A paragraph of trusted markup; user values inside it must already be `esc`-aped."""
    return Paragraph(markup, getattr(styles(), style_name))


def heading(text: str) -> Paragraph:
    return Paragraph(esc(text), styles().heading)


def subheading(text: str) -> Paragraph:
    return Paragraph(esc(text), styles().subheading)


def bullets(items: Iterable[str]) -> list[Flowable]:
    """Trusted markup items as a dashed list, with a little air after it."""
    return [*(Paragraph(item, styles().bullet, bulletText="–") for item in items), Spacer(1, 1.5 * mm)]


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def cell(markup: str, *, right: bool = False, bold: bool = False) -> Paragraph:
    st = styles()
    if bold:
        return Paragraph(markup, st.cell_head_right if right else st.cell_head)
    return Paragraph(markup, st.cell_right if right else st.cell)


def key_values(rows: Sequence[tuple[str, str]], label_width_mm: float = 45) -> Table:
    """Two-column facts table: French label, then an escaped value."""
    data = [[cell(esc(label), bold=True), cell(esc(value))] for label, value in rows]
    table = Table(data, colWidths=[label_width_mm * mm, FRAME_WIDTH - label_width_mm * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    right: Iterable[int] = (),
    total_rows: Iterable[int] = (),
    spans: Iterable[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> Table:
    """A ruled table whose header repeats on every page it spans.

    `rows` hold trusted markup (escape user values with `esc`); `right` lists the columns
    aligned right (amounts); `total_rows` (indexes in `rows`) are printed bold and shaded.
    """
    right_cols = set(right)
    totals = set(total_rows)
    data: list[list[Paragraph]] = [
        [cell(esc(h), right=i in right_cols, bold=True) for i, h in enumerate(header)]
    ]
    for r, row in enumerate(rows):
        data.append([cell(v, right=i in right_cols, bold=r in totals) for i, v in enumerate(row)])
    scale = FRAME_WIDTH / (sum(widths_mm) * mm)
    table = Table(data, colWidths=[w * mm * scale for w in widths_mm], repeatRows=1, hAlign="LEFT")
    style = grid_style()
    for r in totals:
        style.add("BACKGROUND", (0, r + 1), (-1, r + 1), SUBTOTAL)
        style.add("FONT", (0, r + 1), (-1, r + 1), FONT_BOLD, 8)
    for (c0, r0), (c1, r1) in spans:
        style.add("SPAN", (c0, r0 + 1), (c1, r1 + 1))
    table.setStyle(style)
    return table


@dataclass(frozen=True)
class Signatory:
    """One signature block: the party and the person who signs for it."""

    party: str
    name: str = ""
    role: str = ""
    capacity: str = ""  # e.g. "Président du comité d'agrément" (what the party is in this deed)


def signature_block(sig: Signatory, place: str = "", date_text: str = "") -> Table:
    """Party, signatory, "Fait à … le …" and room to sign, never split across pages."""
    st = styles()
    lines = [Paragraph(f"<b>{esc(sig.party)}</b>", st.signature)]
    if sig.capacity:
        lines.append(Paragraph(f"<i>{esc(sig.capacity)}</i>", st.signature))
    who = esc(sig.name) if sig.name else BLANK
    if sig.role:
        who += f", {esc(sig.role)}"
    lines.append(Paragraph(f"Représenté(e) par : {who}", st.signature))
    lines.append(
        Paragraph(
            f"Fait à {esc(place) if place else BLANK}, le {esc(date_text) if date_text else BLANK}",
            st.signature,
        )
    )
    lines.append(Paragraph("Signature, précédée de la mention « Lu et approuvé » :", st.signature))
    lines.append(Spacer(1, 22 * mm))
    box = Table([[lines]], colWidths=[FRAME_WIDTH / 2 - 4 * mm])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return box


def signatures(
    last_clause: Sequence[Flowable], signatories: Sequence[Signatory], *, place: str = "", date_text: str = ""
) -> list[Flowable]:
    """Signature blocks two by two; the closing clause stays with the first row of blocks.

    A long list of parties cannot fit one page, so only the first row is kept with the
    clause (no signature page without its text), and each row is itself unbreakable.
    """
    blocks = [signature_block(s, place, date_text) for s in signatories]
    rows: list[Flowable] = []
    for i in range(0, len(blocks), 2):
        pair: list[Flowable | str] = list(blocks[i : i + 2])
        if len(pair) == 1:
            pair.append("")
        row = Table([pair], colWidths=[FRAME_WIDTH / 2] * 2, hAlign="LEFT")
        row.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        rows.append(row)
    if not rows:
        return list(last_clause)
    return [KeepTogether([*last_clause, spacer(3), rows[0]]), *rows[1:]]
