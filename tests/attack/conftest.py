"""Fixtures of the attack battery (helpers in attack_helpers.py)."""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Callable

import pytest
from attack_helpers import DEMO_DAY, Outcome

from alize_desktop.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Outcome]:
    """Run the command line in this process (fast); stdout and stderr captured."""
    monkeypatch.setenv("ALIZE_TODAY", DEMO_DAY)

    def run(*args: str | os.PathLike[str]) -> Outcome:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


@pytest.fixture
def demo_json(tmp_path: pathlib.Path, demo_data: dict) -> pathlib.Path:
    path = tmp_path / "demo-in.json"
    path.write_text(json.dumps(demo_data, ensure_ascii=False), "utf-8")
    return path
