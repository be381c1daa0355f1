"""The first pass over an imported document: values the program cannot carry, whatever the schema says.

Runs before the schema (whose validator recurses, so a deeply nested document would exhaust the
stack there) and walks the document without recursion:
- nesting deeper than any format v1 document (MAX_DEPTH),
- NaN and ±Infinity (JSON has neither; Python's parser accepts them, SQLite stores NaN as NULL),
- integers beyond what SQLite stores (64 bits), and amounts or counts beyond any real basin,
- texts: size, control characters, lone surrogates (rules/text.py, the same rule as the dialogs),
  for values and for the keys of objects (the votes are keyed by person).
Every problem names the field (`projects[3].title`).
"""

from __future__ import annotations

import math
from typing import Any

from alize_desktop.rules.text import forbidden_characters, limit_of, text_problem

from .problems import Problem

MAX_DEPTH = 12  # format v1 nests 5 levels (document → meetings → item → votes → value)
INT64 = 2**63 - 1
MAX_CENTS = 10**13  # 100 milliards d'euros: beyond any basin, far below 64 bits even summed
MAX_COUNT = 10**9  # days, jobs, head counts, positions
MAX_MONTHS = 600  # loan durations: 50 years keeps every instalment date within the calendar
MAX_PROBLEMS = 200
_MONTH_FIELDS = ("duration_months", "deferral_months", "period_months")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Rule:
    """What a leaf of one field may be: text bound and forbidden characters, integer bound."""

    __slots__ = ("field", "limit", "forbidden", "int_max")

    def __init__(self, field: str, table: str) -> None:
        qualified = f"{table}.{field}" if table else field
        self.field = qualified
        self.limit = limit_of(qualified)
        self.forbidden = forbidden_characters(qualified)
        name = field
        self.int_max = MAX_CENTS if name.endswith("_cents") else MAX_MONTHS if name in _MONTH_FIELDS else MAX_COUNT


_RULES: dict[tuple[str, str], _Rule] = {}


def _rule(field: str, table: str) -> _Rule:
    rule = _RULES.get((field, table))
    if rule is None:
        rule = _RULES[(field, table)] = _Rule(field, table)
    return rule


def value_problems(data: Any) -> list[Problem]:
    """Problems of values that no later check should ever meet ([] for a sound document).

    Only containers go on the stack, each leaf costs a type test and a bound (one regex search for
    a text), and a path is spelled out only for a value found wrong: a network basin (millions of
    values) is walked in about a second."""
    out: list[Problem] = []
    good_keys: set[str] = set()
    rules = _RULES
    # (container, its path, depth, field name of its items, table)
    stack: list[tuple[Any, str, int, str, str]] = [(data, "", 0, "", "")]
    while stack and len(out) < MAX_PROBLEMS:
        node, path, depth, field, table = stack.pop()
        if depth > MAX_DEPTH:
            out.append(Problem(path, f"données imbriquées trop profondément (plus de {MAX_DEPTH} niveaux) : "
                                     "ce n'est pas un document ALIZÉ"))
            continue
        if type(node) is dict:
            for key, value in node.items():
                if key not in good_keys:  # records repeat the same few keys: each is checked once
                    if type(key) is not str:  # json never gives one; a caller's dict might
                        continue
                    if len(key) > 64 or _KEY_FORBIDDEN.search(key):
                        out.append(Problem(_join(path, key), f"nom de clé invalide : {text_problem(key, 'id')}"))
                        continue
                    if field != "votes":  # vote keys are person ids: many, each seen once
                        good_keys.add(key)
                kind = type(value)
                if kind is dict or kind is list:
                    # The votes are keyed by person id: the field of their value is "vote".
                    stack.append((value, _join(path, key), depth + 1, "vote" if field == "votes" else key,
                                  key if depth == 0 else table))
                    continue
                if value is None or kind is bool:
                    continue
                rule = rules.get((key, table)) if field != "votes" and depth else None
                if rule is None:
                    rule = _rule("vote" if field == "votes" else key, key if depth == 0 else table)
                problem = _leaf(value, kind, rule)
                if problem:
                    out.append(Problem(_join(path, key), problem))
        elif type(node) is list:
            rule = _rule(field, table)
            for i, value in enumerate(node):
                kind = type(value)
                if kind is dict or kind is list:
                    stack.append((value, f"{path}[{i}]", depth + 1, field, table))
                    continue
                if value is None or kind is bool:
                    continue
                problem = _leaf(value, kind, rule)
                if problem:
                    out.append(Problem(f"{path}[{i}]", problem))
    out.sort(key=lambda p: p.path)
    return out


_KEY_FORBIDDEN = forbidden_characters("id")


def _leaf(value: Any, kind: type, rule: _Rule) -> str | None:
    if kind is str:
        if len(value) <= rule.limit and rule.forbidden.search(value) is None:
            if not rule.field.endswith("siret") or value.isascii():
                return None
        return text_problem(value, rule.field)
    if kind is int:
        if -rule.int_max <= value <= rule.int_max:
            return None
        found = _integer_problem(value, rule.field.rsplit(".", 1)[-1], "")
        return found[0].message if found else None
    if kind is float:
        if not math.isfinite(value):
            return f"valeur {value!r} : un nombre fini est attendu (NaN et l'infini n'existent pas en JSON)"
        if abs(value) > INT64:
            return f"nombre {value:g} hors des limites permises"
        return None
    return _subclass_leaf(value, rule)


def _subclass_leaf(value: Any, rule: _Rule) -> str | None:
    """A subclass of str, int or float (never from json): checked the slow way."""
    if isinstance(value, bool):
        return None
    for base in (str, int, float):
        if isinstance(value, base):
            return _leaf(base(value), base, rule)
    return None


def _integer_problem(value: int, field: str, path: str) -> list[Problem]:
    if abs(value) > INT64:
        return [Problem(path, "nombre entier trop grand (au-delà de 64 bits) : la base ne peut pas l'enregistrer")]
    if field.endswith("_cents") and abs(value) > MAX_CENTS:
        return [Problem(path, f"montant de {value} centimes hors des limites permises (au plus {MAX_CENTS})")]
    if field in _MONTH_FIELDS and abs(value) > MAX_MONTHS:
        return [Problem(path, f"durée de {value} mois hors des limites permises (au plus {MAX_MONTHS} mois)")]
    if not field.endswith("_cents") and abs(value) > MAX_COUNT:
        return [Problem(path, f"nombre {value} hors des limites permises (au plus {MAX_COUNT})")]
    return []
