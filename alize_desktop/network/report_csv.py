"""The network report as CSV tables for a spreadsheet: one file per table.

UTF-8 with a BOM, `;` separator, CRLF, amounts in euros with a decimal comma (`formatting.money_csv`),
rates with a decimal comma. Every text cell that a spreadsheet could read as a formula (starting
with = + - @, a tab or a carriage return) gets a leading apostrophe: a basin's name comes from
outside and must never run as a formula on the network head's computer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from alize_desktop.formatting import money_csv
from alize_desktop.network.report import RESOURCE_PROFILE
from alize_desktop.rules.fund import AGEING_BUCKETS

NETWORK_ROW = "Réseau (tous les bassins)"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KIND_FR = {"company": "Entreprises", "territorial_actor": "Acteurs territoriaux",
           "local_authority": "Collectivités", "state": "État et CDC"}


def neutralise(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class Money(int):
    """Cents to write as euros."""


class Rate(float):
    """A ratio to write with a decimal comma."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return money_csv(int(value))
    if isinstance(value, float):
        return repr(float(value)).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def table_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _basin_rows(report: Mapping[str, Any]) -> Iterator[list[Any]]:
    for b in report["basins"]:
        r, last = b["report"], b["last_bundle"]
        head = [b["name"], b["key"], b["siret"], last["exported_at"], last["received_at"], last["received_by"],
                last["as_of"], last["period_start"], last["period_end"]]
        if r is None:
            yield head + [None] * 17 + [b["problem"]]
            continue
        fund, delays = r["fund"], r["delays_days"]
        yield head + [
            r["convention_id"], sum(y["meetings"] for y in r["years"]),
            sum(y["projects_examined"] for y in r["years"]), sum(y["projects_approved"] for y in r["years"]),
            r["jobs_created_total"], r["jobs_maintained_total"], r["jobs_target_total"],
            Money(fund["disbursed_cents"]), Money(fund["repaid_cents"]), Money(fund["outstanding_cents"]),
            Money(fund["overdue_cents"]), Money(fund["written_off_cents"]), Rate(fund["loss_rate"]),
            Rate(b["loss_rate_benchmark"]), delays["receipt_to_decision"], delays["decision_to_signature"],
            delays["signature_to_disbursement"], None]


BASIN_HEADER = ["Bassin", "Identité", "SIRET de l'opérateur", "Exporté le", "Reçu le", "Reçu par",
                "Chiffres au", "Début de la convention", "Fin de la convention", "Convention",
                "Comités", "Projets examinés", "Projets agréés", "Emplois créés", "Emplois maintenus",
                "Objectif d'emplois", "Versé (€)", "Remboursé (€)", "Restant dû (€)", "En retard (€)",
                "Sinistres (€)", "Taux de sinistre", "Taux de référence", "Délai réception → décision (j)",
                "Délai décision → signature (j)", "Délai signature → versement (j)", "Problème"]
YEAR_FIELDS = [("meetings", "Comités"), ("projects_received", "Projets reçus"),
               ("projects_examined", "Projets examinés"), ("projects_approved", "Projets agréés"),
               ("jobs_created", "Emplois créés"), ("jobs_maintained", "Emplois maintenus"),
               ("skills_days_delivered", "Jours de compétences réalisés"), ("disbursed_cents", "Versé (€)"),
               ("repaid_cents", "Remboursé (€)"), ("written_off_cents", "Sinistres (€)")]


def _year_row(name: str, row: Mapping[str, Any]) -> list[Any]:
    return [name, row["year"]] + [Money(row[f]) if f.endswith("_cents") else row[f] for f, _l in YEAR_FIELDS]


def network_csv_files(report: Mapping[str, Any]) -> dict[str, bytes]:
    """File name → bytes of every table of the network report."""
    net = report["network"]["running_conventions"]
    files = {"reseau-bassins.csv": table_bytes(BASIN_HEADER, _basin_rows(report))}
    years = [_year_row(b["name"], y) for b in report["basins"] for y in b["calendar_years"]]
    years += [_year_row(NETWORK_ROW, y) for y in report["network"]["calendar_years"]]
    files["reseau-annees.csv"] = table_bytes(["Bassin", "Année"] + [label for _f, label in YEAR_FIELDS], years)
    resources: list[list[Any]] = []
    for name, res in [(b["name"], b["report"]["resources"]) for b in report["basins"] if b["report"]] + [
            (NETWORK_ROW, net["resources"])]:
        resources += [[name, KIND_FR[k], Money(v["cents"]), Rate(v["share"]), Rate(RESOURCE_PROFILE[k])]
                      for k, v in res.items()]
    files["reseau-ressources.csv"] = table_bytes(["Bassin", "Partenaires", "Moyens (€)", "Part", "Profil"],
                                                 resources)
    fund_rows: list[list[Any]] = []
    for name, fund in [(b["name"], b["report"]["fund"]) for b in report["basins"] if b["report"]] + [
            (NETWORK_ROW, net["fund"])]:
        fund_rows += [[name, f"ancienneté {bucket} jours", Money(fund["ageing_cents"][bucket]), None]
                      for bucket in AGEING_BUCKETS]
        fund_rows += [[name, f"cohorte {year}", None, Rate(rate)] for year, rate in fund["loss_rate_by_cohort"].items()]
    files["reseau-fonds.csv"] = table_bytes(["Bassin", "Ligne", "En retard (€)", "Taux de sinistre"], fund_rows)
    return files
