"""The network database: its own Alembic history, applied at start-up on either engine."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from alize_desktop.network.db import HEAD, NetworkDatabaseError, normalise_url, open_network


def test_one_head_and_it_is_the_one_the_program_expects():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from alize_desktop.network.db import HERE

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_heads() == [HEAD]


def test_opening_migrates_then_opens_again(network_url):
    open_network(network_url).dispose()
    engine = open_network(network_url)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM network_alembic_version")).scalar_one()
    finally:
        engine.dispose()
    assert {"network_basins", "network_receptions", "network_projects", "network_advances",
            "network_basin_figures"} <= tables
    assert "alembic_version" not in tables  # never mistaken for a basin's database
    assert version == HEAD


def test_urls_the_operator_may_type(tmp_path):
    assert normalise_url("postgresql://u@h/b") == "postgresql+psycopg://u@h/b"
    assert normalise_url("postgres://u@h/b") == "postgresql+psycopg://u@h/b"
    assert normalise_url(str(tmp_path / "r.sqlite")) == f"sqlite:///{tmp_path / 'r.sqlite'}"


def test_an_unknown_engine_is_refused_in_french():
    with pytest.raises(NetworkDatabaseError, match="moteur « mysql » non pris en charge"):
        open_network("mysql://u@h/b")
