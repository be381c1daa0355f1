"""What the operator reads is agreed in number: no « 3 comité(s) » anywhere in the window's code.
(The documents have their own test; services' messages are the next to follow.)"""

from __future__ import annotations

import pathlib
import re

from alize_desktop.formatting import count

UI = pathlib.Path(__file__).resolve().parents[2] / "alize_desktop" / "ui"
# A word ending in "(s)" inside a string literal: « présent(s) », « jour(s) ».
BRACKETED = re.compile(r"""["'][^"'\n]*[a-zàâçéèêëîïôûùüÿœ]\(s\)[^"'\n]*["']""")


def test_no_sentence_of_the_window_writes_a_plural_in_brackets() -> None:
    found = [f"{path.relative_to(UI)}:{n}: {line.strip()}"
             for path in sorted(UI.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if BRACKETED.search(line)]
    assert found == []


def test_counts_agree_with_their_number() -> None:
    assert count(0, "présent") == "0\u00a0présent"
    assert count(1, "projet inscrit") == "1\u00a0projet inscrit"
    assert count(10, "votant possible") == "10\u00a0votants possibles"
    assert count(1234, "membre actif") == "1\u202f234\u00a0membres actifs"
