"""What the operator reads is agreed in number: no « 3 comité(s) » in the window, the services'
messages, the import's refusals, the network's or the command line's sentences (the documents
have their own test)."""

from __future__ import annotations

import pathlib
import re

from alize_desktop.formatting import count

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "alize_desktop"
SPOKEN = [PACKAGE / "ui", PACKAGE / "services", PACKAGE / "interchange", PACKAGE / "network", PACKAGE / "cli.py"]
# A word ending in "(s)" inside a string literal: « présent(s) », « jour(s) ».
BRACKETED = re.compile(r"""["'][^"'\n]*[a-zàâçéèêëîïôûùüÿœ]\(s\)[^"'\n]*["']""")


def test_no_sentence_the_operator_reads_writes_a_plural_in_brackets() -> None:
    files = sorted(f for place in SPOKEN for f in ([place] if place.is_file() else place.rglob("*.py")))
    found = [f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
             for path in files
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if BRACKETED.search(line)]
    assert found == []


def test_counts_agree_with_their_number() -> None:
    assert count(0, "présent") == "0\u00a0présent"
    assert count(1, "projet inscrit") == "1\u00a0projet inscrit"
    assert count(10, "votant possible") == "10\u00a0votants possibles"
    assert count(1234, "membre actif") == "1\u202f234\u00a0membres actifs"
