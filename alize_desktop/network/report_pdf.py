"""The PDF « Rapport du réseau »: the network's figures, the basins ranked, and three charts.

Laid out by the documents engine (documents/engine.py: embedded DejaVu fonts, « Page x / y »,
fixed bytes for the same figures) with the documents' blocks and colours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from alize_desktop.documents.blocks import data_table, esc, heading, key_values, para, spacer, title_block
from alize_desktop.documents.engine import FRAME_WIDTH, render_pdf
from alize_desktop.documents.fonts import FONT
from alize_desktop.documents.styles import ACCENT, INK, RULE
from alize_desktop.formatting import date_long, integer, money, percent
from alize_desktop.network.report_csv import KIND_FR

TITLE = "Rapport du réseau"
HEADER_NAME = "Réseau ALIZÉ"
TARGET = colors.HexColor("#9aa8b5")
ALERT = colors.HexColor("#b03a2e")


def _reported(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [b for b in report["basins"] if b["report"] is not None]


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _ranked_chart(basins: Sequence[Mapping[str, Any]]) -> Drawing:
    """Basins ranked by jobs created in their running convention (horizontal bars)."""
    ranked = sorted(basins, key=lambda b: b["report"]["jobs_created_total"])
    row = 4.2 * mm
    height = max(40 * mm, row * len(ranked) + 22 * mm)
    drawing = Drawing(FRAME_WIDTH, height)
    drawing.add(String(0, height - 10, "Bassins classés par emplois créés (convention en cours)",
                       fontName=FONT, fontSize=9, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 120, 10, FRAME_WIDTH - 150, height - 30
    chart.data = [[b["report"]["jobs_created_total"] for b in ranked] or [0]]
    chart.categoryAxis.categoryNames = [_short(b["name"]) for b in ranked] or [""]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = FONT, 6.5, INK
    chart.valueAxis.valueMin = 0
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    chart.bars[0].fillColor = chart.bars[0].strokeColor = ACCENT
    drawing.add(chart)
    return drawing


def _bars(title: str, names: Sequence[str], series: Sequence[tuple[str, Sequence[float], Any]],
          value_format: Any, line: float | None = None) -> Drawing:
    width, height = FRAME_WIDTH, 70 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName=FONT, fontSize=9, fillColor=INK))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 42, width - 150, height - 62
    chart.data = [list(values) or [0] for _n, values, _c in series]
    chart.categoryAxis.categoryNames = [_short(n, 20) for n in names] or [""]
    chart.categoryAxis.labels.angle = 60
    chart.categoryAxis.labels.boxAnchor = "ne"
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = FONT, 6, INK
    top = max([line or 0.0, 1e-9, *(v for _n, values, _c in series for v in values)])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top * 1.15
    chart.valueAxis.labelTextFormat = value_format
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    for i, (_n, _v, colour) in enumerate(series):
        chart.bars[i].fillColor = chart.bars[i].strokeColor = colour
    drawing.add(chart)
    legend_pairs = [(colour, name) for name, _v, colour in series]
    if line is not None:
        y = chart.y + chart.height * line / chart.valueAxis.valueMax
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=ALERT, strokeDashArray=[3, 2]))
        legend_pairs.append((ALERT, f"Référence {percent(line, 0)}"))
    legend = Legend()
    legend.x, legend.y = width - 105, height - 30
    legend.fontName, legend.fontSize, legend.alignment = FONT, 7, "right"
    legend.colorNamePairs = legend_pairs
    drawing.add(legend)
    return drawing


def _rate_format(value: float) -> str:
    return percent(value, 0)


def _network_facts(net: Mapping[str, Any], count: int) -> list[Flowable]:
    fund = net["fund"]
    rows = [
        ("Bassins", f"{count} reçus, {net['basins_reported']} avec une convention à rapporter"),
        ("Comités", integer(net["meetings"])),
        ("Projets examinés / agréés", f"{integer(net['projects_examined'])} / {integer(net['projects_approved'])}"),
        ("Emplois créés / maintenus", f"{integer(net['jobs_created'])} / {integer(net['jobs_maintained'])} "
                                      f"(objectif {integer(net['jobs_target'])} emplois)"),
        ("Jours de compétences", f"{integer(net['skills_days']['pledged'])} promis, "
                                 f"{integer(net['skills_days']['delivered'])} réalisés"),
        ("Fonds d'avances", f"{money(fund['disbursed_cents'])} versés, {money(fund['outstanding_cents'])} restant dus, "
                            f"{money(fund['overdue_cents'])} en retard"),
        ("Taux de sinistre", f"{percent(fund['loss_rate'], 2)} (référence {percent(net['loss_rate_benchmark'], 0)})"),
    ]
    res = net["resources"]
    rows.append(("Moyens par partenaires", " ; ".join(
        f"{KIND_FR[k]} {percent(v['share'], 0)} (profil {percent(v['profile'], 0)})" for k, v in res.items())))
    delays = net["delays_days_median_of_basins"]
    rows.append(("Délais médians (médiane des bassins)",
                 " ; ".join(f"{label} {'—' if delays[k] is None else integer(delays[k]) + ' j'}" for k, label in (
                     ("receipt_to_decision", "réception → décision"), ("decision_to_signature", "décision → signature"),
                     ("signature_to_disbursement", "signature → versement")))))
    return [key_values(rows, 52)]


def _basin_table(basins: Sequence[Mapping[str, Any]]) -> Flowable:
    rows = []
    for b in basins:
        r = b["report"]
        last = b["last_bundle"]["exported_at"][:10]
        if r is None:
            rows.append([esc(b["name"]), esc(last), "—", "—", "—", "—", esc(b["problem"] or "")])
            continue
        rows.append([esc(b["name"]), esc(date_long(dt.date.fromisoformat(last))),
                     f"{sum(y['projects_approved'] for y in r['years'])}",
                     f"{r['jobs_created_total']} / {r['jobs_target_total']}",
                     esc(money(r["fund"]["outstanding_cents"])), esc(percent(r["fund"]["loss_rate"], 2)), ""])
    return data_table(["Bassin", "Dernier paquet", "Agréés", "Emplois / objectif", "Restant dû", "Sinistre", "Note"],
                      rows, [48, 30, 16, 26, 28, 18, 24], right=(2, 3, 4, 5))


def network_pdf(report: Mapping[str, Any]) -> bytes:
    """The PDF bytes of the « Rapport du réseau » for a network report (report.build_network_report)."""
    as_of = dt.date.fromisoformat(report["as_of"])
    net = report["network"]["running_conventions"]
    basins = _reported(report)
    story: list[Flowable] = [*title_block(TITLE, esc(f"Réseau ALIZÉ — chiffres au {date_long(as_of)}"),
                                          esc(f"{report['basins_count']} bassin{'s' if report['basins_count'] > 1 else ''}, "
                                              "convention en cours de chacun"))]
    story += [heading("Le réseau"), *_network_facts(net, report["basins_count"]), spacer()]
    story += [heading("Les bassins"), _basin_table(report["basins"]), PageBreak()]
    story += [heading("Graphiques"), _ranked_chart(basins), spacer(6)]
    names = [b["name"] for b in basins]
    story.append(_bars("Emplois créés et objectif de la convention", names, [
        ("Emplois créés", [b["report"]["jobs_created_total"] for b in basins], ACCENT),
        ("Objectif", [b["report"]["jobs_target_total"] for b in basins], TARGET)], "%d"))
    story.append(spacer(6))
    bench = net["loss_rate_benchmark"]
    story.append(_bars("Taux de sinistre des bassins", names, [
        ("Taux de sinistre", [b["report"]["fund"]["loss_rate"] for b in basins], ACCENT)], _rate_format, bench))
    years = report["network"]["calendar_years"]
    if years:
        story += [PageBreak(), heading("Le réseau par année civile")]
        story.append(data_table(
            ["Année", "Bassins", "Comités", "Reçus", "Examinés", "Agréés", "Emplois créés", "Versé", "Sinistres"],
            [[str(y["year"]), str(y["basins"]), integer(y["meetings"]), integer(y["projects_received"]),
              integer(y["projects_examined"]), integer(y["projects_approved"]), integer(y["jobs_created"]),
              esc(money(y["disbursed_cents"])), esc(money(y["written_off_cents"]))] for y in years],
            [14, 15, 16, 15, 18, 16, 20, 30, 26], right=range(1, 9)))
    story.append(para(esc("Chiffres de chaque bassin : ceux de son propre rapport d'évaluation à la même date, "
                          "sur sa convention en cours."), "note"))
    return render_pdf(story, title=TITLE, basin_name=HEADER_NAME, subject=f"Chiffres au {as_of.isoformat()}",
                      author="ASTREES")
