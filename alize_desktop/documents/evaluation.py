"""Rapport d'évaluation (DOMAIN.md §6) for the comité local de pilotage et d'évaluation and ASTREES.

Every figure is the one `rules.report.build_report` computes for the same date, formatted with
`formatting`; the targets stand beside them, charts show jobs per year and the resource profile,
and a short generated commentary names the gaps. `commentary` is pure so that the evaluation
page shows the same sentences as the PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from alize_desktop.basin import defaults
from alize_desktop.documents.blocks import (
    SIGNATURE_ONLY,
    bullets,
    data_table,
    esc,
    heading,
    key_values,
    lead_in,
    operator_signatory,
    para,
    signatures,
    spacer,
    title_block,
)
from alize_desktop.documents.engine import FRAME_WIDTH, Output, write_document
from alize_desktop.documents.errors import DocumentError
from alize_desktop.documents.facts import (
    RESOURCE_PROFILE,
    Record,
    add_years,
    basin_name,
    convention,
    convention_period,
    long_date,
    network_head_name,
    operator_name,
    period_text,
)
from alize_desktop.documents.fonts import FONT
from alize_desktop.documents.styles import ACCENT, INK, RULE, styles
from alize_desktop.documents.wording import agree, count, nb_date, signing_place
from alize_desktop.formatting import date_short, integer, money, percent
from alize_desktop.rules.evaluation import ReportError
from alize_desktop.rules.report import build_report

TITLE = "Rapport d'évaluation"
KINDS = {"company": "Entreprises partenaires", "territorial_actor": "Acteurs territoriaux",
         "local_authority": "Collectivités territoriales", "state": "État et Caisse des dépôts"}
PROFILE = RESOURCE_PROFILE
PROFILE_TOLERANCE = 0.05  # more than 5 points away from the profile is worth a sentence
MEETINGS = (6, 10)
AGEING = {"1-30": "1 à 30 jours", "31-90": "31 à 90 jours", "91-180": "91 à 180 jours", "181+": "plus de 180 jours"}
DELAYS = {"receipt_to_decision": "Réception du dossier → décision du comité",
          "decision_to_signature": "Agrément → signature de la convention",
          "signature_to_disbursement": "Signature → premier décaissement"}
DONE_COLOUR = ACCENT
TARGET_COLOUR = colors.HexColor("#c9d3dd")


def targets(data: Mapping[str, Any]) -> dict[str, Any]:
    """The basin's targets and loss-rate benchmark, each missing one taken from basin/defaults.py."""
    s = (data.get("basin") or {}).get("settings") or {}
    keys = ("jobs_target_per_year", "examined_target_per_year", "approved_target_per_year", "loss_rate_benchmark")
    return {k: (defaults.SETTINGS[k] if s.get(k) is None else s[k]) for k in keys}


def _points(delta: float) -> str:
    return f"{'+' if delta > 0 else '−'}{integer(round(abs(delta) * 1000) / 10).replace('.', ',')} points"


def commentary(report: Mapping[str, Any], st: Mapping[str, Any]) -> list[str]:
    """French sentences on the gaps between the figures and the targets `st` (`targets(data)`, or
    the Évaluation page's own, read from the basin's snapshot), in plain text."""
    as_of = dt.date.fromisoformat(report["as_of"])
    out: list[str] = []
    years = report["years"]
    start, end = dt.date.fromisoformat(years[0]["start"]), dt.date.fromisoformat(years[-1]["end"])
    elapsed = min(max((as_of - start).days + 1, 0), (end - start).days + 1) / ((end - start).days + 1)
    expected = round(report["jobs_target_total"] * elapsed)
    created = report["jobs_created_total"]
    if as_of >= start:
        gap = created - expected
        where = "en retard" if gap < 0 else "en avance"
        out.append(f"Emplois créés sur la convention : {integer(created)} pour un objectif de "
                   f"{integer(report['jobs_target_total'])} ; au prorata du temps écoulé ({integer(expected)} "
                   f"attendus), le programme est {where} de {count(abs(gap), 'emploi')}.")
    for y in years:
        if y["end"] >= report["as_of"]:
            continue  # only completed years are judged against a yearly target
        k = y["year"]
        if y["jobs_created"] < st["jobs_target_per_year"]:
            out.append(f"Année {k} : {integer(y['jobs_created'])} emplois créés, en dessous de l'objectif annuel "
                       f"de {integer(st['jobs_target_per_year'])} (écart de "
                       f"{integer(st['jobs_target_per_year'] - y['jobs_created'])}).")
        if y["projects_examined"] < st["examined_target_per_year"]:
            out.append(f"Année {k} : {integer(y['projects_examined'])} projets examinés pour un objectif d'environ "
                       f"{integer(st['examined_target_per_year'])}.")
        if y["projects_approved"] < st["approved_target_per_year"]:
            out.append(f"Année {k} : {integer(y['projects_approved'])} projets agréés pour un objectif d'environ "
                       f"{integer(st['approved_target_per_year'])}.")
        if not MEETINGS[0] <= y["meetings"] <= MEETINGS[1]:
            out.append(f"Année {k} : {integer(y['meetings'])} comités d'agrément réunis, hors de la fourchette "
                       f"de {MEETINGS[0]} à {MEETINGS[1]} par an.")
    off = [(k, v["share"] - PROFILE[k]) for k, v in report["resources"].items()
           if k in PROFILE and abs(v["share"] - PROFILE[k]) > PROFILE_TOLERANCE + 1e-9]
    if not any(v["cents"] for v in report["resources"].values()):
        out.append("Aucun engagement de partenaire n'est enregistré pour cette convention.")
    elif off:
        for k, delta in off:
            out.append(f"Moyens — {KINDS[k]} : {percent(report['resources'][k]['share'], 2)} du total pour un "
                       f"profil de {percent(PROFILE[k], 0)} ({_points(delta)}).")
    else:
        out.append("La répartition des moyens par nature de partenaire suit le profil de référence "
                   "(écarts de 5 points au plus).")
    fund = report["fund"]
    bench = float(st["loss_rate_benchmark"])
    if fund["loss_rate"] > bench:
        out.append(f"Taux de sinistre de {percent(fund['loss_rate'], 2)}, au-dessus de la référence de "
                   f"{percent(bench, 0)}.")
    elif fund["disbursed_cents"]:
        out.append(f"Taux de sinistre de {percent(fund['loss_rate'], 2)}, dans la référence de {percent(bench, 0)}.")
    for year, rate in fund["loss_rate_by_cohort"].items():
        if rate > bench:
            out.append(f"Cohorte agréée en {year} : taux de sinistre de {percent(rate, 2)}, au-dessus de la "
                       "référence.")
    if fund["overdue_cents"]:
        out.append(f"Échéances impayées : {money(fund['overdue_cents'])}, dont "
                   f"{money(fund['ageing_cents']['181+'])} en retard de plus de 180 jours.")
    skills = report["skills_days"]
    if skills["delivered"] < skills["granted"]:
        out.append(f"Jours de compétences : {integer(skills['delivered'])} réalisés pour "
                   f"{integer(skills['granted'])} accordés par le comité.")
    return out


def _bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float], Any]], title: str,
               value_format: str = "%d") -> Drawing:
    """Grouped vertical bars with a legend, in the documents' font and colours."""
    width, height = FRAME_WIDTH, 62 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName=FONT, fontSize=9, fillColor=INK))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 28, width - 150, height - 50
    chart.data = [list(values) for _name, values, _c in series]
    chart.categoryAxis.categoryNames = list(categories)
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = FONT, 7, INK
    chart.valueAxis.valueMin = 0
    top = max([1.0, *(v for _n, values, _c in series for v in values)])
    chart.valueAxis.valueMax = top * 1.15
    chart.valueAxis.labelTextFormat = value_format
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    chart.barSpacing, chart.groupSpacing = 1, 8
    for i, (_n, _v, colour) in enumerate(series):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = colour
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 105, height - 30
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.colorNamePairs = [(colour, name) for name, _v, colour in series]
    drawing.add(legend)
    return drawing


def year_in_progress(conv: Record, as_of: dt.date) -> str:
    """"année 3 en cours", "convention achevée", "convention pas encore commencée" on `as_of`."""
    start, end = convention_period(conv)
    if as_of < start:
        return "convention pas encore commencée"
    if as_of > end:
        return "convention achevée"
    k = next(k for k in (1, 2, 3) if as_of < add_years(start, k))
    return f"année {k} en cours"


def _cover(data: Record, conv: Record, report: Mapping[str, Any]) -> list[Flowable]:
    as_of = dt.date.fromisoformat(report["as_of"])
    return [
        *title_block(TITLE, esc(basin_name(data))),
        key_values([
            ("Convention de partenariat", f"{period_text(conv)} ({year_in_progress(conv, as_of)} au "
                                          f"{nb_date(as_of)})"),
            ("Situation au", long_date(report["as_of"])),
            ("Opérateur local", operator_name(data)),
            ("Destinataires", f"Comité local de pilotage et d'évaluation ; {network_head_name(data)} "
                              "(tête du réseau ALIZÉ)"),
        ]),
        spacer(2),
        para("Les chiffres ci-dessous ne retiennent que les faits datés au plus tard à la date de situation. "
             "Les emplois sont ceux que déclarent les rapports de suivi des mandataires, cumulés par projet.",
             "note"),
    ]


def _activity(report: Mapping[str, Any], st: Mapping[str, Any]) -> list[Flowable]:
    years = report["years"]
    rows = [[f"Année {y['year']}", f"{esc(_short(y['start']))} – {esc(_short(y['end']))}", integer(y["meetings"]),
             integer(y["projects_examined"]), integer(y["projects_approved"]), integer(y["jobs_created"]),
             integer(y["jobs_maintained"])] for y in years]
    rows.append(["Total", "", integer(sum(y["meetings"] for y in years)),
                 integer(sum(y["projects_examined"] for y in years)),
                 integer(sum(y["projects_approved"] for y in years)),
                 integer(report["jobs_created_total"]), integer(report["jobs_maintained_total"])])
    rows.append(["Objectif annuel", "", f"{MEETINGS[0]} à {MEETINGS[1]}", integer(st["examined_target_per_year"]),
                 integer(st["approved_target_per_year"]), integer(st["jobs_target_per_year"]), ""])
    rows.append(["Objectif convention", "", "", "", "", integer(report["jobs_target_total"]), ""])
    n = len(years)
    table = data_table(["Année", "Période", "Comités", "Examinés", "Agréés", "Emplois créés", "Emplois maintenus"],
                       rows, [22, 44, 17, 18, 17, 22, 24], right=range(2, 7), total_rows=(n, n + 1, n + 2))
    chart = _bar_chart([f"Année {y['year']}" for y in years],
                       [("Emplois créés", [y["jobs_created"] for y in years], DONE_COLOUR),
                        ("Objectif", [st["jobs_target_per_year"]] * len(years), TARGET_COLOUR)],
                       "Emplois créés par année de la convention, face à l'objectif annuel")
    return [heading("2. Activité du comité et emplois"), table, spacer(3), KeepTogether([chart])]


def _short(iso: str) -> str:
    return date_short(dt.date.fromisoformat(iso))


def _resources(report: Mapping[str, Any]) -> list[Flowable]:
    res = report["resources"]
    rows = [[esc(KINDS[k]), money(v["cents"]), percent(v["share"], 2), percent(PROFILE[k], 0),
             _points(v["share"] - PROFILE[k]) if v["share"] != PROFILE[k] else "—"] for k, v in res.items()]
    rows.append(["Total", money(sum(v["cents"] for v in res.values())), "", "", ""])
    table = data_table(["Nature de partenaire", "Montant engagé", "Part", "Profil", "Écart"], rows,
                       [55, 35, 20, 20, 30], right=(1, 2, 3, 4), total_rows=(len(rows) - 1,))
    chart = _bar_chart([KINDS[k].split(" ")[0] for k in res],
                       [("Part réalisée (%)", [round(v["share"] * 100, 2) for v in res.values()], DONE_COLOUR),
                        ("Profil (%)", [PROFILE[k] * 100 for k in res], TARGET_COLOUR)],
                       "Part des moyens par nature de partenaire, face au profil 40 / 20 / 25 / 15 %")
    sk = report["skills_days"]
    days = data_table(["Jours de compétences", "Promis (engagements)", "Accordés (comité)", "Réalisés (suivi)"],
                      [["Jours", integer(sk["pledged"]), integer(sk["granted"]), integer(sk["delivered"])]],
                      [40, 35, 35, 35], right=(1, 2, 3))
    return [heading("3. Moyens engagés par les partenaires"), table, spacer(3), KeepTogether([chart]), spacer(2),
            days]


def fund_scope(data: Mapping[str, Any], conv: Record, as_of: dt.date) -> str:
    """Which advances the fund section covers: the fund revolves across the basin's conventions."""
    periods = [period_text(c) for c in sorted(data.get("conventions", ()), key=lambda c: c["start"])
               if c.get("start") and c["start"] <= as_of.isoformat()]
    which = " et ".join(periods) if len(periods) < 3 else ", ".join(periods[:-1]) + " et " + periods[-1]
    return (f"Le fonds d'avances est renouvelable et commun aux conventions successives du bassin : les chiffres "
            f"ci-dessous portent sur toutes les avances accordées depuis l'origine du programme "
            f"({agree(len(periods), 'convention')} {which}), au {nb_date(as_of)}, et non sur la seule convention "
            f"évaluée ({period_text(conv)} : {year_in_progress(conv, as_of)}).")


def _fund(report: Mapping[str, Any], bench: float, scope: str) -> list[Flowable]:
    f = report["fund"]
    rows = [["Décaissé", money(f["disbursed_cents"])], ["Remboursé", money(f["repaid_cents"])],
            ["Sinistré (abandonné)", money(f["written_off_cents"])], ["Encours", money(f["outstanding_cents"])],
            ["Échéances impayées", money(f["overdue_cents"])]]
    rows += [[f"dont retard de {AGEING[k]}", money(v)] for k, v in f["ageing_cents"].items()]
    rows.append(["Taux de sinistre", f"{percent(f['loss_rate'], 2)} (référence {percent(bench, 0)})"])
    fund = data_table(["Fonds d'avances remboursables", "Montant"], rows, [90, 60], right=(1,))
    cohorts = [[esc(year), percent(rate, 2), "au-dessus" if rate > bench else "dans la référence"]
               for year, rate in f["loss_rate_by_cohort"].items()]
    acc = report["accounts"]
    out: list[Flowable] = [heading("4. Fonds d'avances et comptes"), para(scope, "note"), fund, spacer(3)]
    if cohorts:
        out += [data_table(["Cohorte (année d'agrément)", "Taux de sinistre", "Par rapport à la référence"],
                           cohorts, [60, 40, 50], right=(1,)), spacer(3)]
    out.append(data_table(["Comptes dédiés de l'opérateur", "Solde"],
                          [["Compte des avances", money(acc["advances_cents"])],
                           ["Compte de fonctionnement", money(acc["operating_cents"])]], [90, 60], right=(1,),
                          keep=[(0, 1)]))
    return out


def _loose_heading(text: str) -> Flowable:
    """A heading that `lead_in` keeps with the first rows of its table: without keepWithNext, which
    would move the whole table to the next page and leave the rest of this one blank."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("heading-loose", parent=styles().heading, keepWithNext=0)
    return Paragraph(esc(text), style)


def _delays_and_advances(report: Mapping[str, Any], data: Mapping[str, Any]) -> list[Flowable]:
    rows = [[esc(DELAYS[k]), "—" if v is None else f"{integer(v)} jours"] for k, v in report["delays_days"].items()]
    out: list[Flowable] = [heading("5. Délais de réponse (médianes)"),
                           data_table(["Étape", "Délai médian"], rows, [110, 40], right=(1,))]
    if report["engagements"]:
        companies = {c["id"]: c.get("name", "") for c in data.get("companies", ())}
        company = {p["id"]: companies.get(p.get("company_id"), "") for p in data.get("projects", ())}
        titles = {p["id"]: p.get("title", "") for p in data.get("projects", ())}
        of = {e["id"]: (company.get(e.get("project_id"), ""), titles.get(e.get("project_id"), ""))
              for e in data.get("engagements", ())}
        # The committee follows the advances still running: one repaid or written off weighs only
        # in the fund's totals above (a twenty-year basin would otherwise print thousands of
        # rows at 0,00 €). An advance is named by its company and project, never by its internal id.
        running = [e for e in report["engagements"] if e["outstanding_cents"] or e["overdue_cents"]]
        closed = len(report["engagements"]) - len(running)
        rows = [[esc(of.get(e["id"], ("", ""))[0]), esc(of.get(e["id"], ("", ""))[1]), money(e["outstanding_cents"]),
                 money(e["overdue_cents"]), integer(e["days_late"]) if e["overdue_cents"] else "—"]
                for e in running]
        heading_6 = _loose_heading("6. Avances remboursables en cours")
        if rows:
            # The heading and the first rows start a page together; the table then runs on.
            out += lead_in([heading_6], data_table(["Entreprise", "Projet", "Encours", "Impayés", "Jours de retard"],
                                                   rows, [40, 48, 26, 24, 18], right=(2, 3, 4)))
        else:
            out += [heading_6, para("Aucune avance n'est en cours.")]
        if closed:
            closed_text = count(closed, "avance soldée")
            verb = agree(closed, "n'y figure", "n'y figurent")
            out.append(para(f"{closed_text} ({agree(closed, 'remboursée ou passée', 'remboursées ou passées')} en perte) {verb} pas : "
                            "leurs montants sont comptés dans la situation du fonds."))
    return out


def build_evaluation(data: Record, convention_id: str, out: Output, as_of: dt.date,
                     **_options: Any) -> None:
    """Write the evaluation report of `convention_id` on `as_of` into `out`."""
    conv = convention(data, convention_id)
    try:
        report = build_report(data, as_of, convention_id)
    except ReportError as exc:
        raise DocumentError(str(exc)) from exc
    st = targets(data)
    story: list[Flowable] = [*_cover(data, conv, report), heading("1. Constats")]
    story += bullets([esc(s) for s in commentary(report, st)])
    story += _activity(report, st)
    story += _resources(report)
    story += _fund(report, float(st["loss_rate_benchmark"]), fund_scope(data, conv, as_of))
    story += _delays_and_advances(report, data)
    clause = [heading("Validation"),
              para("Le présent rapport est présenté au comité local de pilotage et d'évaluation, qui en valide les "
                   f"résultats a posteriori, et transmis à {esc(network_head_name(data))}.")]
    story += signatures(clause, [operator_signatory(data)], place=signing_place(data), date_text=nb_date(as_of),
                        mention=SIGNATURE_ONLY)
    start, end = convention_period(conv)
    write_document(story, out, data, title=f"{TITLE} — convention {start.year}-{end.year}",
                   subject=f"Situation au {long_date(as_of)}")
