"""French text as the operator reads it: search that ignores accents and case, French alphabetical
order, and names with "&" shown as typed where Qt would read a keyboard mnemonic."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def fold(text: str) -> str:
    """`text` without accents, in a case-insensitive form: "Tôlerie" and "TOLERIE" both give "tolerie".

    NFKD splits "ô" into "o" + a combining accent, which is dropped; casefold then handles "ß" and
    the ligatures. "œ" and "æ" are written out, as a French reader types them."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().replace("œ", "oe").replace("æ", "ae")


def matches(needle: str, haystack: str) -> bool:
    """Whether the typed `needle` occurs in `haystack`, accents and case ignored."""
    return fold(needle.strip()) in fold(haystack)


def french_key(text: str) -> tuple[str, str, str]:
    """A sort key in French dictionary order: letters first without accents or case ("École" beside
    "Ecole", "Tôlerie" before "Transports"), then accents, then case to break ties the same way each
    time. Pure Python: neither ICU nor a fr_FR system locale is needed on the operator's machine."""
    return fold(text), unicodedata.normalize("NFKD", text).casefold(), text


def mnemonic_safe(text: str) -> str:
    """`text` for a menu entry, tab, button or check box: each "&" doubled so that Qt shows it
    ("Dupont & Fils") instead of underlining the next letter."""
    return text.replace("&", "&&")


def phone(text: str | None) -> str:
    """A French number as it is read, in groups of two ("0329001234" → "03 29 00 12 34", "+33329001234"
    → "+33 3 29 00 12 34"); anything else (an extension, a foreign number) is shown as typed."""
    if not text:
        return ""
    digits = "".join(c for c in text if c.isdigit())
    if text.strip().startswith("+33") and len(digits) == 11:
        rest = digits[2:]
        return "+33 " + rest[0] + " " + " ".join(rest[i:i + 2] for i in range(1, 9, 2))
    if len(digits) == 10 and digits.startswith("0") and all(c.isdigit() or c in " .-" for c in text.strip()):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return text


def by_french_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`items` in French alphabetical order of `name` (for the choices of a combo box)."""
    return sorted(items, key=lambda item: french_key(name(item)))
