"""Network fixtures: one network database per test on SQLite and, when ALIZE_TEST_PG_URL is set
(scripts/pg_throwaway.sh start prints one; .ci/run sets it), on a real PostgreSQL server."""

from __future__ import annotations

import copy
import datetime as dt
import os
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import DEMO_TODAY

PG_VARIABLE = "ALIZE_TEST_PG_URL"
SEEDS = range(1, 32)  # 31 basins, as many as the network has


def _reset_postgresql(url: str) -> None:
    """Drop the network tables so that every test starts from an empty, freshly migrated base."""
    from sqlalchemy import create_engine, text

    from alize_desktop.network.db import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS network_advances, network_projects, network_basin_figures, "
                          "network_basins, network_receptions, network_alembic_version CASCADE"))
    engine.dispose()


ENGINES = ["sqlite", "postgresql"]


def fresh_url(kind: str, folder: pathlib.Path) -> str:
    """The URL of an empty network database of that kind (skips when no PostgreSQL is given)."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'reseau.sqlite'}"
    url = os.environ.get(PG_VARIABLE)
    if not url:
        pytest.skip(f"{PG_VARIABLE} absent : pas de serveur PostgreSQL pour ce test")
    _reset_postgresql(url)
    return url


@pytest.fixture(params=ENGINES)
def network_url(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> str:
    return fresh_url(request.param, tmp_path)


@pytest.fixture
def network(network_url: str) -> Iterator[Any]:
    from alize_desktop.network.db import open_network

    engine = open_network(network_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> Any:
    from alize_desktop.clock import FixedClock

    return FixedClock(DEMO_TODAY + dt.timedelta(days=2))


@pytest.fixture(scope="session")
def demo_basins() -> dict[int, dict[str, Any]]:
    """31 demo basins from different seeds, each with its own name (generated once)."""
    from alize_desktop.network.sample import demo_network_basin

    return {seed: demo_network_basin(seed, DEMO_TODAY) for seed in SEEDS}


@pytest.fixture(scope="session")
def bundles31(demo_basins: dict[int, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[int, pathlib.Path]:
    from alize_desktop.network.sample import write_data_bundle

    folder = tmp_path_factory.mktemp("bundles")
    return {seed: write_data_bundle(data, folder / f"bassin-{seed:02d}.zip", DEMO_TODAY)
            for seed, data in demo_basins.items()}


@pytest.fixture
def basin_data(demo_basins: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """A private copy of basin n° 1 to alter."""
    return copy.deepcopy(demo_basins[1])


def counts(engine: Any) -> dict[str, int]:
    """Rows of every network table (to show that a refusal moved nothing)."""
    from sqlalchemy import func, select

    from alize_desktop.network import models as nm

    with engine.connect() as conn:
        return {t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (nm.Basin, nm.BasinFigures, nm.Project, nm.Advance, nm.Reception)}


def basins_state(engine: Any) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from alize_desktop.network import models as nm

    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(nm.Basin.key, nm.Basin.data_sha256, nm.Basin.exported_at,
                                                      nm.Basin.reception_id).order_by(nm.Basin.key))]
