"""Registration of the shipped DejaVu family (never a system font).

babel writes U+202F (narrow no-break space) in amounts and the names may carry any Latin
letter (Dąbrowski, Nguyễn): the standard PDF fonts cannot print them, DejaVu can. The TTF is
embedded (subset) in every PDF, so a document looks the same on every computer.
"""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from alize_desktop.resources_path import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

_registered = False


def register_fonts() -> str:
    """Register the four faces as one family (so <b>/<i> work in Paragraphs); idempotent."""
    global _registered
    if not _registered:
        for name in (FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC):
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT_ITALIC)
        addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        # Charts start from reportlab's drawing defaults, whose font is Helvetica (not embedded):
        # every document draws in DejaVu only.
        from reportlab.graphics import shapes

        shapes.STATE_DEFAULTS["fontName"] = FONT
        _registered = True
    return FONT


_covered: frozenset[int] | None = None


def _coverage() -> frozenset[int]:
    global _covered
    if _covered is None:
        register_fonts()
        _covered = frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)
    return _covered


def printable(text: str) -> str:
    """`text` with each character the embedded fonts cannot draw (a Chinese name, a rare symbol)
    written as its code, « [U+4E2D] », instead of vanishing from the page: the reader sees that
    something is there and what it was. Line breaks and tabs pass."""
    if text.isascii():
        return text
    covered = _coverage()
    return "".join(ch if ord(ch) in covered or ch in "\n\r\t" else f"[U+{ord(ch):04X}]" for ch in text)
