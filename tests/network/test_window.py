"""The « Réseau ALIZÉ » window, driven as a person would (offscreen)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QChartView
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from alize_desktop.clock import FixedClock
from alize_desktop.network.reception import receive_bundle
from alize_desktop.network.sample import write_data_bundle
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY + dt.timedelta(days=2)


def _with_losses(data: dict[str, Any]) -> dict[str, Any]:
    """Write off whole advances until more than 6 % of what was disbursed is lost."""
    data = copy.deepcopy(data)
    disbursed = sum(d["amount_cents"] for d in data["disbursements"])
    written = sum(w["amount_cents"] for w in data["write_offs"])
    for e in data["engagements"]:
        if written > 0.08 * disbursed:
            break
        owed = sum(x["amount_cents"] * (1 if t == "disbursements" else -1)
                   for t in ("disbursements", "repayments", "write_offs") for x in data[t]
                   if x["engagement_id"] == e["id"])
        if e["kind"] == "repayable_advance" and owed > 0:
            data["write_offs"].append({"id": f"w-{e['id']}", "engagement_id": e["id"], "date": "2026-11-20",
                                       "amount_cents": owed, "reason": "Liquidation"})
            written += owed
    return data


@pytest.fixture
def window(qtbot, network, demo_basins, tmp_path):
    from alize_desktop.ui.network.window import NetworkWindow

    clock = FixedClock(TODAY)
    bundles = [
        write_data_bundle(demo_basins[1], tmp_path / "b1.zip", DEMO_TODAY),
        write_data_bundle(demo_basins[2], tmp_path / "b2.zip", dt.date(2026, 6, 30)),  # late: figures of June
        write_data_bundle(_with_losses(demo_basins[3]), tmp_path / "b3.zip", DEMO_TODAY),
    ]
    for path in bundles:
        assert receive_bundle(network, path, clock=clock).accepted
    win = NetworkWindow(network, clock)
    qtbot.addWidget(win)
    win.show()
    return win


def _row_texts(win: Any) -> dict[str, dict[str, str]]:
    model = win.table.model
    titles = [c.title for c in model.columns]
    return {model.index(r, 0).data(): {t: model.index(r, c).data() for c, t in enumerate(titles)}
            for r in range(model.rowCount())}


def test_lists_basins_with_their_bundle_and_flags(window):
    rows = _row_texts(window)
    assert list(rows) == ["Bassin d'essai n° 1", "Bassin d'essai n° 2", "Bassin d'essai n° 3"]
    assert rows["Bassin d'essai n° 1"]["Chiffres au"] == "26/11/2026"
    assert rows["Bassin d'essai n° 1"]["Convention"] == "01/01/2025 → 31/12/2027"
    assert rows["Bassin d'essai n° 1"]["Alertes"] == ""
    assert rows["Bassin d'essai n° 2"]["Chiffres au"] == "30/06/2026"
    assert rows["Bassin d'essai n° 2"]["Alertes"] == "en retard (pas de paquet depuis plus d'un trimestre)"
    assert "sinistre au-dessus de la référence" in rows["Bassin d'essai n° 3"]["Alertes"]
    assert window.summary.text() == ("3\u00a0bassins au 28/11/2026 : 1 en retard (pas de paquet depuis un trimestre), "
                                     "1 hors norme (sinistre au-dessus de la référence ou emplois loin de l'objectif).")
    model = window.table.model
    loss_col = [c.title for c in model.columns].index("Sinistre")
    third = next(r for r in range(3) if model.index(r, 0).data() == "Bassin d'essai n° 3")
    brush = model.index(third, loss_col).data(9)  # ForegroundRole
    assert brush is not None and brush.color() == QColor("#b03a2e")


def test_network_charts_show_every_basin(window):
    for name in ("network_jobs_chart", "network_loss_chart"):
        view = window.findChild(QChartView, name)
        assert view is not None and view.isVisible()
        axis = next(a for a in view.chart().axes() if isinstance(a, QBarCategoryAxis))
        assert axis.categories() == ["Bassin d'essai n° 1", "Bassin d'essai n° 2", "Bassin d'essai n° 3"]
    loss = window.findChild(QChartView, "network_loss_chart").chart()
    assert loss.title() == "Taux de sinistre (%), référence 6 %"
    [bars] = loss.series()
    assert [round(v, 4) for v in (bars.barSets()[0].at(i) for i in range(3))] == \
        [round(100 * r.loss_rate, 4) for r in window.rows]


def test_receiving_from_the_window_reports_each_file(window, qtbot, demo_basins, tmp_path, monkeypatch):
    good = write_data_bundle(demo_basins[4], tmp_path / "b4.zip", DEMO_TODAY)
    broken = tmp_path / "casse.zip"
    broken.write_bytes(b"PK pas vraiment")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good), str(broken)], ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    window.receive_action.trigger()
    qtbot.waitUntil(lambda: len(window.last_outcomes) == 2, timeout=20_000)

    assert len(_row_texts(window)) == 4
    log = window.log.toPlainText()
    assert "b4.zip reçu : bassin « Bassin d'essai n° 4 »" in log
    assert "casse.zip refusé : casse.zip n'est pas une archive .zip lisible" in log
    assert warnings and warnings[0].startswith("1\u00a0paquet refusé sur 2, rien n'a été changé pour eux")
    assert window.summary.text().startswith("4\u00a0bassins au 28/11/2026")


def test_open_without_a_choice_says_what_to_do(qtbot, network, monkeypatch):
    from alize_desktop.ui.network.window import NetworkWindow

    win = NetworkWindow(network, FixedClock(TODAY))
    qtbot.addWidget(win)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: said.append(text))
    assert win.summary.text().startswith("Aucun bassin reçu : « Recevoir des paquets… » (Ctrl+R)")
    win.open_action.trigger()
    assert said == ["Choisissez d'abord un bassin dans la liste."]


def test_the_command_line_opens_the_window_when_no_sub_command(monkeypatch, tmp_path):
    import alize_desktop.ui.network.app as app
    from alize_desktop.cli import main as cli

    seen: list[Any] = []
    monkeypatch.setattr(app, "run_network_window", lambda url, clock: seen.append((url, clock.today())) or 0)
    monkeypatch.setenv("ALIZE_TODAY", "2026-12-01")
    assert cli(["network", "--db-url", str(tmp_path / "r.sqlite")]) == 0
    assert seen == [(str(tmp_path / "r.sqlite"), dt.date(2026, 12, 1))]


def test_chart_labels_stay_distinct_for_long_similar_names():
    from alize_desktop.ui.network.window import chart_labels

    names = [f"Bassin du banc d'essai n° {n:02d}" for n in range(1, 32)] + ["Court", "Court"]
    labels = chart_labels(names)
    assert len(set(labels)) == len(labels) == 33
    assert labels[0] == "Bassin du b…'essai n° 01" and labels[-2:] == ["Court", "Court (2)"]
