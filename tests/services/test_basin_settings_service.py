"""Basin record and office settings: validation, creation on an empty database, no password."""

from __future__ import annotations

import pytest

from alize_desktop.db import open_database
from alize_desktop.rules.identifiers import iban_groups
from alize_desktop.services import basin_settings as svc
from alize_desktop.services.uow import RuleError


def test_read_demo_basin(demo_engine) -> None:  # type: ignore[no-untyped-def]
    view = svc.read_basin(demo_engine)
    assert view is not None and view.name == "ALIZÉ Vallée de la Sorne"
    assert view.budget_target_cents == 90_000_000 and view.operator_reimbursement_cap_cents == 1_000_000


def test_iban_groups() -> None:
    assert iban_groups("fr76 3000 6000 0112 3456 7890 189") == "FR76 3000 6000 0112 3456 7890 189"


def test_invalid_values_are_refused_and_nothing_saved(demo_engine) -> None:  # type: ignore[no-untyped-def]
    before = svc.read_basin(demo_engine)
    values = {**before.values(), "operator_siret": "49986987300088", "advances_iban": "FR7642559156147009165220947",
              "quorum_fraction": 0.0, "approved_target_per_year": 99}
    problems = svc.basin_problems(values)
    assert set(problems) == {"operator_siret", "advances_iban", "quorum_fraction", "approved_target_per_year"}
    with pytest.raises(RuleError):
        svc.save_basin(demo_engine, values)
    assert svc.read_basin(demo_engine) == before


def test_create_basin_on_empty_database(empty_db) -> None:  # type: ignore[no-untyped-def]
    engine = open_database(empty_db)
    try:
        assert svc.read_basin(engine) is None
        values = {**svc.new_basin_values(), "name": "Bassin neuf", "operator_name": "Opérateur",
                  "advances_iban": "fr76 3000 6000 0112 3456 7890 189", "priority_criteria": ("industrial_change",)}
        svc.save_basin(engine, values)
        view = svc.read_basin(engine)
        assert view is not None and view.advances_iban == "FR7630006000011234567890189"
        assert view.budget_target_cents == 90_000_000 and view.loss_rate_benchmark == 0.06
        assert view.priority_criteria == ("industrial_change",)
    finally:
        engine.dispose()


def test_app_settings_round_trip_and_no_password(demo_engine) -> None:  # type: ignore[no-untyped-def]
    assert svc.get_app_settings(demo_engine)["smtp_port"] == "587"
    svc.set_app_settings(demo_engine, {"astrees_email": "donnees@astrees.example", "smtp_host": "smtp.example.fr",
                                       "smtp_port": "465", "smtp_starttls": "0", "smtp_user": "operateur"})
    got = svc.get_app_settings(demo_engine)
    assert got["smtp_host"] == "smtp.example.fr" and got["smtp_port"] == "465" and got["smtp_starttls"] == "0"
    with pytest.raises(RuleError):
        svc.set_app_settings(demo_engine, {"smtp_password": "secret"})
    with pytest.raises(RuleError) as err:
        svc.set_app_settings(demo_engine, {"smtp_port": "99999", "astrees_email": "x"})
    assert set(err.value.problems) == {"smtp_port", "astrees_email"}
    assert svc.get_app_settings(demo_engine)["smtp_port"] == "465"
