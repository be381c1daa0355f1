"""Flowable builders shared by the documents: escaped paragraphs, tables, signature blocks.

Everything a user typed goes through `esc` (or `plain`) before reaching a Paragraph, whose
mini-language would otherwise eat `<SARL>` as a tag or choke on `&`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from alize_desktop.documents.engine import FRAME_WIDTH
from alize_desktop.documents.facts import (
    Record,
    network_head_name,
    network_head_signer,
    operator,
    person_name,
)
from alize_desktop.documents.fonts import FONT_BOLD, printable
from alize_desktop.documents.layout import NBSP as NBSP
from alize_desktop.documents.layout import tie
from alize_desktop.documents.signature_fields import SignatureBox, field_name
from alize_desktop.documents.styles import RULE, SUBTOTAL, grid_style, styles

BLANK = "……………………"


def tie_punctuation(text: str) -> str:
    """Make the spaces French keeps on one line non-breaking: around its punctuation (a line must
    not start with « ; mandataire… » nor leave a lone « » »), in « 0 % », « 9 juin 2022 »,
    « 57000 Metz », an IBAN's groups (see `layout.tie`). Same width as a space, so nothing moves."""
    return tie(text)


def esc(value: object) -> str:
    """User text → Paragraph markup, printed exactly as typed (newlines kept), never broken before
    a French punctuation mark or inside guillemets' spaces (`tie_punctuation`)."""
    if value is None:
        return ""
    text = tie_punctuation(escape(printable(str(value))))
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def plain(value: object, style_name: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(esc(value), getattr(styles(), style_name))


def para(markup: str, style_name: str = "body") -> Paragraph:
    """A paragraph of trusted markup; user values inside it must already be `esc`-aped."""
    return Paragraph(markup, getattr(styles(), style_name))


def title_block(title: str, *subtitle_lines: str) -> list[Flowable]:
    """A document's (or annex's) title, then its subtitle lines (trusted markup)."""
    story: list[Flowable] = [Paragraph(esc(title), styles().title)]
    if subtitle_lines:
        story.append(Paragraph("<br/>".join(subtitle_lines), styles().subtitle))
    return story


def heading(text: str) -> Paragraph:
    return Paragraph(esc(text), styles().heading)


def subheading(text: str) -> Paragraph:
    return Paragraph(esc(text), styles().subheading)


def bullets(items: Iterable[str]) -> list[Flowable]:
    """Trusted markup items as a dashed list, with a little air after it.

    The first item never stands alone at the foot of a page, nor the last one at the top of the
    next: each travels with its neighbour (the dash is a DejaVu glyph, see the bullet style)."""
    paragraphs = [Paragraph(item, styles().bullet, bulletText="–") for item in items]
    if len(paragraphs) > 1:
        paragraphs[0].keepWithNext = 1
        paragraphs[-2].keepWithNext = 1
    return [*paragraphs, Spacer(1, 1.5 * mm)]


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
    keep: Iterable[tuple[int, int]] = (),
) -> Table:
    """A ruled table whose header repeats on every page it spans.

    `rows` hold trusted markup (escape user values with `esc`); `right` lists the columns
    aligned right (amounts); `total_rows` (indexes in `rows`) are printed bold and shaded;
    `keep` lists (first, last) row ranges that a page break must not cut (a partner's lines
    and their total, the last instalment and the total…).
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
    groups = [(first, last) for first, last in keep if last > first]
    for first, last in groups:
        style.add("NOSPLIT", (0, first + 1), (-1, last + 1))
    table.setStyle(style)
    # How many rows must stand under the header for the table to start on a page (see lead_in).
    table.first_rows = min(len(rows), max([2, *(last + 1 for first, last in groups if first == 0)]))
    return table


class _RoomFor(CondPageBreak):
    """A page break unless the intro, the table's header and its first rows fit below."""

    def __init__(self, intro: Sequence[Flowable], table: Table) -> None:
        super().__init__(0)
        self._intro = intro
        self._table = table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        need = 0.0
        for flowable in self._intro:
            need += flowable.wrap(availWidth, availHeight)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        self._table.wrap(availWidth, availHeight)
        need += sum(self._table._rowHeights[: 1 + getattr(self._table, "first_rows", 2)])
        self.height = need
        return super().wrap(availWidth, availHeight)


def lead_in(intro: Sequence[Flowable], table: Table) -> list[Flowable]:
    """A heading and its text before a long table: they start a new page rather than stand alone
    at the foot of one while the table (whose first rows are kept together) begins overleaf."""
    return [_RoomFor(intro, table), *intro, table]


@dataclass(frozen=True)
class Signatory:
    """One signature block: the party and the person who signs for it."""

    party: str
    name: str = ""
    role: str = ""
    capacity: str = ""  # e.g. "Président du comité d'agrément" (what the party is in this deed)


def operator_signatory(data: Record) -> Signatory:
    """The local operator's block (operator and partnership conventions, cooperation annexes)."""
    op = operator(data)
    return Signatory(op.get("name") or "", op.get("representative") or "", "", "L'opérateur local")


def network_head_signatory(data: Record) -> Signatory:
    """The network head's block (ASTREES), signed by its recorded representative."""
    signer = network_head_signer(data)
    return Signatory(network_head_name(data), person_name(signer), (signer or {}).get("role", ""), "La tête de réseau")


def party_markup(name: str | None, *, quality: str = "", siret: str | None = None, address: str | None = None,
                 signer: str | None = None, role: str | None = None) -> str:
    """`<b>Name</b>, quality, SIRET …, address, dont le signataire est X, role` (user values escaped)."""
    text = f"<b>{esc(name)}</b>" + (f", {quality}" if quality else "")
    if siret:
        text += f", SIRET {esc(siret)}"
    if address:
        text += f", {esc(address)}"
    if signer:
        text += f", dont le signataire est {esc(signer)}" + (f", {esc(role)}" if role else "")
    return text


APPROVAL = "Signature, précédée de la mention « Lu et approuvé » :"
SIGNATURE_ONLY = "Signature :"
_SIGN_GAP = 8 * mm


def _signature_lines(sig: Signatory, place: str, date_text: str, mention: str) -> list[Flowable]:
    """Party, signatory, "Fait à … le …", the mention and room to sign."""
    st = styles()
    lines = [Paragraph(f"<b>{esc(sig.party)}</b>", st.signature)]
    if sig.capacity:
        lines.append(Paragraph(f"<i>{esc(sig.capacity)}</i>", st.signature))
    who = esc(sig.name) if sig.name else BLANK
    if sig.role:
        who += f", {esc(sig.role)}"
    lines.append(Paragraph(f"Signataire : {who}", st.signature))
    lines.append(
        Paragraph(
            f"Fait à {esc(place) if place else BLANK}, le {esc(date_text) if date_text else BLANK}",
            st.signature,
        )
    )
    lines.append(Paragraph(tie_punctuation(mention), st.signature))
    # The room to sign, where the convention's PDF signature field for this signatory goes.
    lines.append(SignatureBox(22 * mm, field_name(sig.name, sig.role, sig.party)))
    return lines


def _signature_row(pair: Sequence[list[Flowable]]) -> Table:
    """Two boxes side by side (or one), of the same height, never split across pages."""
    width = (FRAME_WIDTH - _SIGN_GAP) / 2
    cells: list[object] = [pair[0], "", pair[1] if len(pair) > 1 else ""]
    row = Table([cells], colWidths=[width, _SIGN_GAP, width], hAlign="LEFT", spaceAfter=6)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOX", (0, 0), (0, 0), 0.4, RULE),
    ]
    if len(pair) > 1:
        style.append(("BOX", (2, 0), (2, 0), 0.4, RULE))
    row.setStyle(TableStyle(style))
    return row


def signatures(
    last_clause: Sequence[Flowable],
    signatories: Sequence[Signatory],
    *,
    place: str = "",
    date_text: str = "",
    mention: str = APPROVAL,
) -> list[Flowable]:
    """Signature blocks two by two, kept on one page with the closing clause ("Fait à … le …" is in
    each block), so that no signature page stands without its text.

    A list of parties too long for one page breaks between rows only: each row is unbreakable,
    the clause stays with the first row and the last row is never carried over alone.
    `mention`: what the signatory writes above the signature (a deed: « Lu et approuvé »;
    minutes and reports are simply signed, `SIGNATURE_ONLY`).
    """
    blocks = [_signature_lines(s, place, date_text, mention) for s in signatories]
    rows: list[Flowable] = [_signature_row(blocks[i : i + 2]) for i in range(0, len(blocks), 2)]
    if not rows:
        return list(last_clause)
    if len(rows) > 1:
        rows[-2].keepWithNext = 1
    return [KeepTogether([*last_clause, spacer(3), *rows])]
