"""Paragraph and table styles shared by every document (one look for the whole programme)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from alize_desktop.documents.fonts import FONT, FONT_BOLD, register_fonts

INK = colors.HexColor("#1b2a3a")
ACCENT = colors.HexColor("#1f5f8b")
RULE = colors.HexColor("#9aa8b5")
SHADE = colors.HexColor("#e8eef4")
SUBTOTAL = colors.HexColor("#f3f6f9")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    signature: ParagraphStyle


def _make() -> Styles:
    register_fonts()
    # allowWidows=0: a paragraph's last line never opens a page alone (nor its first line ends
    # one: reportlab's allowOrphans is 0 already); bullets drawn with DejaVu, not Helvetica.
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_JUSTIFY, spaceAfter=5, textColor=INK,
        allowWidows=0, allowOrphans=0, bulletFontName=FONT, splitLongWords=1,
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, alignment=TA_LEFT, spaceAfter=0)
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=22,
            alignment=TA_CENTER,
            spaceAfter=6,
            textColor=ACCENT,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, alignment=TA_CENTER, spaceAfter=14
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=10,
            spaceAfter=5,
            alignment=TA_LEFT,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9.5,
            leading=12,
            spaceBefore=6,
            spaceAfter=3,
            alignment=TA_LEFT,
            keepWithNext=1,
        ),
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=4, spaceAfter=2, bulletFontName=FONT,
                              bulletFontSize=9.5),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        note=ParagraphStyle(
            "note", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#4a5866")
        ),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=FONT_BOLD),
        cell_head_right=ParagraphStyle(
            "cell_head_right", parent=cell, fontName=FONT_BOLD, alignment=TA_RIGHT
        ),
        signature=ParagraphStyle(
            "signature", parent=body, fontSize=8.5, leading=11, alignment=TA_LEFT, spaceAfter=0
        ),
    )


_styles: Styles | None = None


def styles() -> Styles:
    """The shared styles (built once, after the fonts are registered)."""
    global _styles
    if _styles is None:
        _styles = _make()
    return _styles


def grid_style(header_rows: int = 1) -> TableStyle:
    """A ruled data table with a shaded, repeated header."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
