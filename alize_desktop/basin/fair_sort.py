"""Sorting a long list on the database worker without freezing the window.

`list.sort` is one C call: it never lets go of the interpreter lock, so while the worker sorts a
network basin's 260 000 ledger rows (a quarter of a second) the GUI thread cannot run a line of
Python — no paint, no click. `sorted_fairly` gives the same result (stable, same order) by
sorting short runs, each a few milliseconds of C, and merging them in Python, whose loop hands
the lock over every few milliseconds (sys.getswitchinterval). Small lists are sorted at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

RUN = 16_384  # rows per C sort: a few milliseconds with a tuple key


def sorted_fairly(items: Iterable[T], key: Callable[[T], Any] | None = None, reverse: bool = False) -> list[T]:
    """`sorted(items, key=key, reverse=reverse)`, in pieces that each hold the lock briefly."""
    rows: list[Any] = list(items)
    if len(rows) <= RUN:
        rows.sort(key=key, reverse=reverse)
        return rows
    by: Callable[[Any], Any] = key if key is not None else _itself
    runs = [sorted(rows[i:i + RUN], key=by, reverse=reverse) for i in range(0, len(rows), RUN)]
    # heapq.merge breaks ties by run order, earliest first, in both directions: stable like sorted().
    return list(heapq.merge(*runs, key=by, reverse=reverse))


def _itself(row: Any) -> Any:
    return row
