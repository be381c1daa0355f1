"""A long sort on the database worker, in short pieces: the same result as sorted()."""

from __future__ import annotations

from alize_desktop.basin.fair_sort import sorted_fairly


def test_sorted_fairly_is_sorted_in_both_directions_and_stable() -> None:
    import random

    rnd = random.Random(5)
    rows = [(rnd.randrange(50), rnd.randrange(10**6), i) for i in range(70_000)]  # many ties on the key

    def key(r):  # type: ignore[no-untyped-def]
        return r[0]

    assert sorted_fairly(rows, key=key) == sorted(rows, key=key)
    assert sorted_fairly(rows, key=key, reverse=True) == sorted(rows, key=key, reverse=True)
    assert sorted_fairly(rows[:100]) == sorted(rows[:100])
