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

from alize_desktop.rules.text import text_problem

from .problems import Problem

MAX_DEPTH = 12  # format v1 nests 5 levels (document → meetings → item → votes → value)
INT64 = 2**63 - 1
MAX_CENTS = 10**13  # 100 milliards d'euros: beyond any basin, far below 64 bits even summed
MAX_COUNT = 10**9  # days, jobs, head counts, positions
MAX_MONTHS = 600  # loan durations: 50 years keeps every instalment date within the calendar
MAX_PROBLEMS = 200
_MONTH_FIELDS = ("duration_months", "deferral_months", "period_months")


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def value_problems(data: Any) -> list[Problem]:
    """Problems of values that no later check should ever meet ([] for a sound document)."""
    out: list[Problem] = []
    # (value, field name, path, depth, table): the table qualifies the field's bound where it has its own.
    stack: list[tuple[Any, str, str, int, str]] = [(data, "", "", 0, "")]
    while stack and len(out) < MAX_PROBLEMS:
        node, field, path, depth, table = stack.pop()
        if depth > MAX_DEPTH:
            out.append(Problem(path, f"données imbriquées trop profondément (plus de {MAX_DEPTH} niveaux) : "
                                     "ce n'est pas un document ALIZÉ"))
            continue
        if isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                sub = _join(path, key) if isinstance(key, str) else path
                if isinstance(key, str):
                    problem = text_problem(key, "id")
                    if problem:
                        out.append(Problem(sub, f"nom de clé invalide : {problem}"))
                        continue
                # The votes are keyed by person id: the field of their value is "vote".
                name = key if field != "votes" else "vote"
                stack.append((value, name, sub, depth + 1, key if depth == 0 and isinstance(key, str) else table))
        elif isinstance(node, list):
            for i in range(len(node) - 1, -1, -1):
                stack.append((node[i], field, _join(path, i), depth + 1, table))
        elif isinstance(node, str):
            problem = text_problem(node, f"{table}.{field}" if table else field)
            if problem:
                out.append(Problem(path, problem))
        elif isinstance(node, bool) or node is None:
            continue
        elif isinstance(node, float):
            if not math.isfinite(node):
                out.append(Problem(path, f"valeur {node!r} : un nombre fini est attendu (NaN et l'infini "
                                         "n'existent pas en JSON)"))
            elif abs(node) > INT64:
                out.append(Problem(path, f"nombre {node:g} hors des limites permises"))
        elif isinstance(node, int):
            out += _integer_problem(node, field, path)
    return out


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
