"""What a text typed or imported may hold: a bounded size, and no character that breaks a program.

One rule for the import (interchange/validate.py) and, through the services, every dialog:
- a size bound per kind of field (names fit their column and a line of a PDF; long texts such as
  a diagnostic stay below 20 000 characters, which keeps a document to a few pages and seconds);
- no control character (a tab, a NUL, an escape…), except the line breaks and tabs of texts that
  span several lines; no line break at all in a one-line field (names end up in e-mail headers,
  CSV cells and PDF titles);
- no lone surrogate (Python accepts one, SQLite and every encoder refuse it later), no
  non-character (U+FFFE, U+FFFF), no bidirectional override that would show a text reversed.
Each problem is one French sentence; the caller names the field.
"""

from __future__ import annotations

import re

ONE_LINE = 200
LONG_TEXT = 20_000

# Field name (as in format v1) → most characters. Fields not listed are one-line, ONE_LINE.
LIMITS: dict[str, int] = {
    "id": 64, "first_name": 100, "last_name": 100, "name": 200, "title": 300, "email": 200, "phone": 50,
    "role": 200, "legal_form": 50, "naf": 10, "manager": 200, "bank": 200, "iban": 42, "siret": 14,
    "territory": 200, "place": 300, "representative": 200, "label": 300, "address": 500,
    "reason": 2_000, "quorum_override": 2_000, "description": 1_000,
    "notes": LONG_TEXT, "diagnostic": LONG_TEXT, "complementary_diagnostic": LONG_TEXT,
    "specific_objectives": LONG_TEXT, "labour_market": LONG_TEXT,
    # A partner's pledges of a convention (up to 9) share one cell of the partnership convention.
    "commitments.description": 200,
}
# Fields that may span several lines (a line break or a tab is allowed there, nowhere else).
MULTILINE = frozenset({"address", "reason", "quorum_override", "description", "notes", "diagnostic",
                       "complementary_diagnostic", "specific_objectives", "labour_market"})


def _name(field: str) -> str:
    return field.rsplit(".", 1)[-1]


def limit_of(field: str) -> int:
    """The bound of `field` (`name`, or `table.name` where a table has its own, as commitments do)."""
    return LIMITS.get(field) or LIMITS.get(_name(field), ONE_LINE)


# One search per text (C speed: a network basin holds millions of texts); the message is built
# only for the rare text that matches.
_FORBIDDEN_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
                                 "\u2028\u2029\ufffe\uffff]")
_FORBIDDEN_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
                                  "\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def forbidden_characters(field: str) -> re.Pattern[str]:
    """The characters `field` may not hold, as one compiled pattern (for a fast first pass)."""
    return _FORBIDDEN_MULTILINE if _name(field) in MULTILINE else _FORBIDDEN_ONE_LINE


def text_problem(value: str, field: str) -> str | None:
    """None when `value` may be stored in `field`, else what is wrong (French, without the field)."""
    limit = limit_of(field)
    if len(value) > limit:
        return f"texte trop long ({len(value)} caractères, au plus {limit}) : raccourcissez-le"
    name = _name(field)
    found = (_FORBIDDEN_MULTILINE if name in MULTILINE else _FORBIDDEN_ONE_LINE).search(value)
    if found is not None:
        return _character_problem(found.group(), found.start())
    if name == "siret" and not value.isascii():
        return "un SIRET s'écrit avec les chiffres 0 à 9"
    return None


def _character_problem(ch: str, i: int) -> str:
    code = ord(ch)
    where = f"en position {i + 1}"
    if ch in "\r\n":
        return f"un retour à la ligne {where} : ce champ tient sur une ligne de texte ordinaire"
    if code < 32 or 0x7F <= code < 0xA0:
        return f"un caractère de contrôle (U+{code:04X}) {where}, qui ne s'affiche ni ne s'imprime : retirez-le"
    if 0xD800 <= code <= 0xDFFF:
        return f"caractère invalide (demi-caractère U+{code:04X} isolé) {where}"
    if code in (0xFFFE, 0xFFFF):
        return f"caractère non imprimable (U+{code:04X}) {where}"
    return f"caractère de mise en forme invisible (U+{code:04X}) {where} : retirez-le"


def clean_text_problem(value: str | None, field: str, label: str) -> str | None:
    """For dialogs: the same rule with the field's French label at the start of the sentence."""
    if value is None:
        return None
    problem = text_problem(value, field)
    return None if problem is None else f"{label} : {problem}."


def _form_field(key: str) -> str:
    """A form's key as a format v1 field: `operator_address` is an address, `advances_iban` an IBAN."""
    if key in LIMITS or key in MULTILINE or "_" not in key:
        return key
    tail = key.rsplit("_", 1)[-1]
    return tail if tail in LIMITS else key


def form_text_problems(values: object, prefix: str = "") -> dict[str, str]:
    """For the dialogs' services: every text value of a form (a dict or a dataclass) checked by the
    import's own rule (size, control and invisible characters), keyed by the form's field, each a
    French sentence. The dialog shows it beside its field and keeps what was typed."""
    import dataclasses

    items = dataclasses.asdict(values) if dataclasses.is_dataclass(values) and not isinstance(values, type) \
        else dict(values)  # type: ignore[call-overload]
    out: dict[str, str] = {}
    for key, value in items.items():
        if isinstance(value, str) and value:
            problem = text_problem(value, prefix + _form_field(key))
            if problem is not None:
                out[key] = problem[0].upper() + problem[1:] + "."
    return out
