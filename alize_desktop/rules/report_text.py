"""Plain-text French rendering of the evaluation report (`report` without `--json`).

Presentation only: every figure comes from the report dict built by `report.build_report`;
`data` (a snapshot, or a format v1 document) is read for names (basin, companies, projects) and the
basin's reference figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from alize_desktop.basin import Snapshot
from alize_desktop.basin.convert import as_snapshot
from alize_desktop.basin.defaults import LOSS_RATE_BENCHMARK
from alize_desktop.formatting import date_long, integer, money, percent

KIND_LABELS = {
    "company": "Entreprises partenaires",
    "territorial_actor": "Acteurs territoriaux",
    "local_authority": "Collectivités",
    "state": "État et Caisse des dépôts",
}
# Resource profile of the programme (DOMAIN.md §5), printed beside each share.
RESOURCE_PROFILE = {"company": 0.40, "territorial_actor": 0.20, "local_authority": 0.25, "state": 0.15}
AGEING_LABELS = {
    "1-30": "jusqu'à 30 jours",
    "31-90": "31 à 90 jours",
    "91-180": "91 à 180 jours",
    "181+": "plus de 180 jours",
}
DELAY_LABELS = {
    "receipt_to_decision": "Réception → décision du comité",
    "decision_to_signature": "Agrément → signature de la convention",
    "signature_to_disbursement": "Signature → premier décaissement",
}


def _d(iso: str | None) -> str:
    return date_long(date.fromisoformat(iso)) if iso else ""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """Columns padded to their widest cell; columns listed in `right` are right-aligned."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths, strict=True)):
            out.append(c.rjust(w) if i in right else c.ljust(w))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _years(report: Mapping[str, Any]) -> str:
    rows = [
        [
            str(y["year"]),
            f"{_d(y['start'])} – {_d(y['end'])}",
            integer(y["meetings"]),
            integer(y["projects_examined"]),
            integer(y["projects_approved"]),
            integer(y["jobs_created"]),
            integer(y["jobs_maintained"]),
        ]
        for y in report["years"]
    ]
    rows.append(
        [
            "Total",
            "",
            integer(sum(y["meetings"] for y in report["years"])),
            integer(sum(y["projects_examined"] for y in report["years"])),
            integer(sum(y["projects_approved"] for y in report["years"])),
            integer(report["jobs_created_total"]),
            integer(report["jobs_maintained_total"]),
        ]
    )
    headers = ["Année", "Période", "Comités", "Examinés", "Agréés", "Emplois créés", "Emplois maintenus"]
    return table(headers, rows, right=(2, 3, 4, 5, 6))


def _resources(report: Mapping[str, Any]) -> str:
    res = report["resources"]
    rows = [
        [
            KIND_LABELS.get(kind, kind),
            money(v["cents"]),
            percent(v["share"]),
            percent(RESOURCE_PROFILE.get(kind), 0),
        ]
        for kind, v in res.items()
    ]
    rows.append(["Total", money(sum(v["cents"] for v in res.values())), "", ""])
    return table(["Nature de partenaire", "Montant", "Part", "Profil"], rows, right=(1, 2, 3))


def _fund(report: Mapping[str, Any], benchmark: float) -> str:
    f = report["fund"]
    rows = [
        ["Décaissé", money(f["disbursed_cents"])],
        ["Remboursé", money(f["repaid_cents"])],
        ["Sinistré (abandonné)", money(f["written_off_cents"])],
        ["Encours", money(f["outstanding_cents"])],
        ["Impayés", money(f["overdue_cents"])],
    ]
    rows += [[f"  dont retard {AGEING_LABELS[k]}", money(v)] for k, v in f["ageing_cents"].items()]
    rows.append(["Taux de sinistre", f"{percent(f['loss_rate'], 2)} (référence {percent(benchmark, 0)})"])
    rows += [
        [f"  cohorte agréée en {year}", percent(rate, 2)] for year, rate in f["loss_rate_by_cohort"].items()
    ]
    return table(["Fonds d'avances", "Montant"], rows, right=(1,))


def _engagements(report: Mapping[str, Any], snap: Snapshot) -> str:
    company = snap.company
    project = snap.project
    engagement_company = {}
    for e in snap.engagements:
        p = project.get(e.project_id)
        c = company.get(p.company_id) if p is not None else None
        engagement_company[e.id] = c.name if c is not None else ""
    rows = []
    for e in report["engagements"]:
        sched = e["schedule"]
        nxt = next((i for i in sched if i["due_on"] > report["as_of"]), None)
        rows.append(
            [
                e["id"],
                engagement_company.get(e["id"], ""),
                money(e["outstanding_cents"]),
                money(e["overdue_cents"]),
                integer(e["days_late"]),
                _d(nxt["due_on"]) if nxt else ("non décaissée" if not sched else "—"),
            ]
        )
    headers = ["Avance", "Entreprise", "Encours", "Impayés", "Jours de retard", "Prochaine échéance"]
    return table(headers, rows, right=(2, 3, 4))


def render(report: Mapping[str, Any], data: Snapshot | Mapping[str, Any]) -> str:
    """The whole report as French plain text (one section per block of report.json)."""
    snap = as_snapshot(data)
    benchmark = snap.settings.loss_rate_benchmark
    benchmark = LOSS_RATE_BENCHMARK if benchmark is None else float(benchmark)
    name = snap.basin.name if snap.basin is not None else ""
    years = report["years"]
    start = years[0]["start"] if years else None
    end = years[-1]["end"] if years else None
    skills = report["skills_days"]
    acc = report["accounts"]
    delays = report["delays_days"]

    parts = [
        f"Rapport d'évaluation — {name or ''}".rstrip(" —"),
        f"Convention {report['convention_id']} du {_d(start)} au {_d(end)}",
        f"Situation au {_d(report['as_of'])}",
        "",
        "Activité et emplois",
        _years(report),
        f"Objectif d'emplois sur la convention : {integer(report['jobs_target_total'])}",
        "",
        "Moyens engagés par les partenaires",
        _resources(report),
        "",
        "Jours de compétences",
        table(
            ["Promis", "Accordés", "Réalisés"],
            [[integer(skills["pledged"]), integer(skills["granted"]), integer(skills["delivered"])]],
            right=(0, 1, 2),
        ),
        "",
        _fund(report, benchmark),
        "",
        table(
            ["Comptes", "Solde"],
            [
                ["Compte des avances", money(acc["advances_cents"])],
                ["Compte de fonctionnement", money(acc["operating_cents"])],
            ],
            right=(1,),
        ),
        "",
        table(
            ["Délais médians", "Jours"],
            [[DELAY_LABELS[k], "—" if v is None else integer(v)] for k, v in delays.items()],
            right=(1,),
        ),
    ]
    if report["engagements"]:
        parts += ["", "Avances remboursables", _engagements(report, snap)]
    return "\n".join(parts) + "\n"
