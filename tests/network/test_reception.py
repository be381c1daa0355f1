"""Receiving bundles: accepted, replaced by a newer one, older or identical refused, broken refused whole.

Every test runs on SQLite and on PostgreSQL (see conftest.py)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import pathlib
import zipfile
import zlib
from typing import Any

from sqlalchemy import select

from alize_desktop.network import models as nm
from alize_desktop.network.reception import receive_bundle
from alize_desktop.network.sample import stamp, write_data_bundle
from tests.conftest import DEMO_TODAY

from .conftest import basins_state, counts

LATER = "2026-11-27T18:30:00+01:00"
# After the basin's last decided comité (a decision never postdates its export), before LATER.
EARLIER = "2026-11-20T08:00:00+01:00"


def _receptions(engine: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(nm.Reception).order_by(nm.Reception.id)))


def test_a_bundle_is_received_and_its_reception_recorded(network, clock, bundles31, demo_basins):
    path = bundles31[1]
    outcome = receive_bundle(network, path, clock=clock, user="camille")

    assert outcome.accepted, outcome.message
    assert outcome.message.startswith("bassin-01.zip reçu : bassin « Bassin d'essai n° 1 »")
    assert "nouveau bassin du réseau" in outcome.message
    assert counts(network)["network_basins"] == 1
    [rec] = _receptions(network)
    assert rec.accepted and rec.reason is None
    assert rec.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert rec.file_size == path.stat().st_size
    assert rec.received_by == "camille"
    assert (rec.received_at.tzinfo and rec.received_at or rec.received_at.replace(tzinfo=dt.UTC)) == clock.now()
    assert rec.exported_at == demo_basins[1]["exported_at"]
    assert rec.as_of == DEMO_TODAY
    assert rec.convention_id == "conv-2025" and rec.period_start.isoformat() == "2025-01-01"
    assert rec.period_end.isoformat() == "2027-12-31"
    siret = demo_basins[1]["basin"]["operator"]["siret"]
    with network.connect() as conn:
        basin = conn.execute(select(nm.Basin)).one()
        projects = conn.execute(select(nm.Project.id).where(nm.Project.basin_key == f"siret:{siret}")).scalars().all()
    assert basin.key == f"siret:{siret}" and basin.reception_id == rec.id
    assert json.loads(zlib.decompress(basin.data_zlib)) == demo_basins[1]
    assert sorted(projects) == sorted(p["id"] for p in demo_basins[1]["projects"])


def test_a_newer_bundle_replaces_the_basin_data(network, clock, bundles31, basin_data, tmp_path):
    receive_bundle(network, bundles31[1], clock=clock, user="camille")
    removed = basin_data["projects"][-1]["id"]
    assert all(e["project_id"] != removed for e in basin_data["engagements"])
    basin_data["projects"].pop()
    basin_data["follow_ups"] = [f for f in basin_data["follow_ups"] if f["project_id"] != removed]
    for m in basin_data["meetings"]:
        m["items"] = [i for i in m["items"] if i["project_id"] != removed]
    basin_data["basin"]["territory"] = "Vallée de l'Orne (nouveau périmètre)"
    newer = write_data_bundle(stamp(basin_data, LATER), tmp_path / "bassin-01-decembre.zip", DEMO_TODAY)

    outcome = receive_bundle(network, newer, clock=clock, user="dominique")

    assert outcome.accepted and outcome.replaced, outcome.message
    assert "remplace le paquet précédent" in outcome.message
    with network.connect() as conn:
        basin = conn.execute(select(nm.Basin)).one()
        ids = conn.execute(select(nm.Project.id)).scalars().all()
    assert counts(network)["network_basins"] == 1
    assert basin.territory == "Vallée de l'Orne (nouveau périmètre)" and basin.exported_at == LATER
    assert removed not in ids and len(ids) == len(basin_data["projects"])
    assert [r.accepted for r in _receptions(network)] == [True, True]
    assert _receptions(network)[-1].received_by == "dominique"


def test_an_older_bundle_is_refused_saying_so(network, clock, bundles31, basin_data, tmp_path):
    newer = write_data_bundle(stamp(copy.deepcopy(basin_data), LATER), tmp_path / "nouveau.zip", DEMO_TODAY)
    receive_bundle(network, newer, clock=clock)
    before = (counts(network), basins_state(network))
    older = write_data_bundle(stamp(basin_data, EARLIER), tmp_path / "ancien.zip", DEMO_TODAY)

    outcome = receive_bundle(network, older, clock=clock)

    assert not outcome.accepted
    assert outcome.message == ("ancien.zip refusé : paquet plus ancien (exporté le 20 novembre 2026 à 08:00) que celui "
                               "déjà reçu pour ce bassin (exporté le 27 novembre 2026 à 18:30), les données plus "
                               "récentes sont gardées")
    after = counts(network)
    assert basins_state(network) == before[1]
    assert after["network_receptions"] == before[0]["network_receptions"] + 1
    assert {k: v for k, v in after.items() if k != "network_receptions"} == \
        {k: v for k, v in before[0].items() if k != "network_receptions"}
    last = _receptions(network)[-1]
    assert not last.accepted and "plus ancien" in last.reason and last.exported_at == EARLIER


def test_the_same_bundle_twice_is_refused_as_identical(network, clock, bundles31):
    receive_bundle(network, bundles31[2], clock=clock)
    state = basins_state(network)

    outcome = receive_bundle(network, bundles31[2], clock=clock)

    assert not outcome.accepted
    assert "paquet identique à celui déjà reçu pour ce bassin" in outcome.message
    assert "rien n'a été changé" in outcome.message
    assert basins_state(network) == state
    assert [r.accepted for r in _receptions(network)] == [True, False]


def _rezip(source: pathlib.Path, target: pathlib.Path, change: Any) -> pathlib.Path:
    with zipfile.ZipFile(source) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members = change(members)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    target.write_bytes(buf.getvalue())
    return target


def _tampered(members: dict[str, bytes]) -> dict[str, bytes]:
    data = json.loads(members["data.json"])
    data["repayments"][0]["amount_cents"] += 100
    members["data.json"] = json.dumps(data).encode()
    return members


def _traversal(members: dict[str, bytes]) -> dict[str, bytes]:
    members["../../etc/alize.txt"] = b"x"
    return members


def test_broken_bundles_are_refused_whole_and_move_nothing(network, clock, bundles31, basin_data, tmp_path):
    receive_bundle(network, bundles31[3], clock=clock)
    before = basins_state(network), counts(network)
    bad_rule = copy.deepcopy(basin_data)
    bad_rule["repayments"][0]["amount_cents"] = 10**12
    bad_key = copy.deepcopy(basin_data)
    bad_key["projects"][0]["colour"] = "bleu"
    undated = copy.deepcopy(basin_data)
    undated["exported_at"] = None
    (tmp_path / "pas-un-zip.zip").write_text("ceci n'est pas une archive")
    cases = {
        _rezip(bundles31[1], tmp_path / "modifie.zip", _tampered): "a été modifié depuis l'export",
        _rezip(bundles31[1], tmp_path / "evasion.zip", _traversal): "chemin qui sort du paquet refusé",
        write_data_bundle(bad_rule, tmp_path / "regle.zip", DEMO_TODAY): "repayments[0].amount_cents : Remboursement refusé",
        write_data_bundle(bad_key, tmp_path / "cle.zip", DEMO_TODAY): "projects[0] : clé inconnue 'colour'",
        write_data_bundle(undated, tmp_path / "sans-date.zip", DEMO_TODAY): "ne dit pas quand il a été exporté",
        tmp_path / "pas-un-zip.zip": "n'est pas une archive .zip lisible",
        tmp_path / "absent.zip": "fichier introuvable",
    }
    for path, reason in cases.items():
        outcome = receive_bundle(network, path, clock=clock)
        assert not outcome.accepted, path
        assert outcome.message.startswith(f"{path.name} refusé : "), outcome.message
        assert reason in outcome.message, outcome.message
        assert ". ;" not in outcome.message and ".;" not in outcome.message, outcome.message  # one sentence

    beyond = receive_bundle(network, tmp_path / "regle.zip", clock=clock).message
    assert "enregistrez d'abord le versement qui le précède ; le bassin doit corriger sa base puis renvoyer son " \
        "paquet" in beyond, beyond
    assert basins_state(network) == before[0]
    after = counts(network)
    assert after["network_receptions"] == before[1]["network_receptions"] + len(cases) + 1
    assert after["network_projects"] == before[1]["network_projects"]
    refused = [r for r in _receptions(network) if not r.accepted]
    assert [r.file_name for r in refused] == [p.name for p in cases] + ["regle.zip"]
    assert all(r.reason for r in refused)


def test_a_full_bundle_written_by_the_export_is_received(network, clock, demo_db, tmp_path):
    """The real ASTREES bundle (report.json, CSV, PDFs) passes the same checks."""
    from alize_desktop.db import open_database
    from alize_desktop.services.export.bundle import write_bundle

    engine = open_database(demo_db)
    try:
        write_bundle(engine, demo_db, tmp_path / "paquet.zip", as_of=DEMO_TODAY)
    finally:
        engine.dispose()

    outcome = receive_bundle(network, tmp_path / "paquet.zip", clock=clock)

    assert outcome.accepted, outcome.message
    assert counts(network)["network_basins"] == 1


def test_two_people_receiving_one_basin_at_once_leave_one_basin_with_the_newest_data(network, clock, basin_data,
                                                                                      tmp_path):
    """Two receptions of the same basin in parallel (two workstations): one after the other."""
    import threading

    stamps = ["2026-11-27T09:00:00+01:00", "2026-11-27T10:00:00+01:00"]
    paths = [write_data_bundle(stamp(copy.deepcopy(basin_data), moment), tmp_path / f"poste-{i}.zip", DEMO_TODAY)
             for i, moment in enumerate(stamps)]
    outcomes: list[Any] = []
    start = threading.Barrier(2)

    def receive(path: pathlib.Path) -> None:
        start.wait()
        outcomes.append(receive_bundle(network, path, clock=clock))

    threads = [threading.Thread(target=receive, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert len(outcomes) == 2 and any(o.accepted for o in outcomes), [o.message for o in outcomes]
    for o in outcomes:
        assert o.accepted or "plus ancien" in o.message or "au même moment" in o.message, o.message
    assert counts(network)["network_basins"] == 1
    assert len(_receptions(network)) == 2
    with network.connect() as conn:
        held = conn.execute(select(nm.Basin.exported_at)).scalar_one()
    accepted = [stamps[int(o.file_name[6])] for o in outcomes if o.accepted]  # poste-<i>.zip
    assert held == max(accepted)  # never the older one over the newer
