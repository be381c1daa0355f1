"""Partners' commitments of a partnership convention: the figures and their tables.

Used by the partnership convention for its Article 5 (commitments in detail) and its
Annex 1 (budget by partner × year × nature, totals, resource profile).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from reportlab.platypus import Flowable, KeepTogether, Table

from alize_desktop import formatting
from alize_desktop.documents.blocks import data_table, esc, para, spacer, subheading
from alize_desktop.documents.facts import (
    KIND_GROUP,
    NATURE,
    NATURE_ORDER,
    PARTNER_KINDS,
    RESOURCE_PROFILE,
    Record,
    add_years,
    convention,
    settings,
)

YEARS = (1, 2, 3)


@dataclass
class Budget:
    """Sums in cents of one convention's commitments, every way the annex prints them."""

    commitments: list[Record]
    partners: list[Record]  # the parties of the convention, in print order
    cell: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))
    partner_year: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    partner_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kind_year: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    kind_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    nature_year: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    year_total: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    grand_total: int = 0

    def natures_of(self, partner_id: str) -> list[str]:
        return [n for n in NATURE_ORDER if any((partner_id, n, y) in self.cell for y in YEARS)]


def convention_partners(data: Record, convention_id: str) -> list[Record]:
    """The partner parties: the active partners, and any partner who pledged for this convention
    (a partner who left later was still a party of it). Grouped by kind, data order within a kind.
    The network head is included; the builders print it apart, as head of the network."""
    pledged = {
        k["partner_id"] for k in data.get("commitments", []) if k.get("convention_id") == convention_id
    }
    chosen = [p for p in data.get("partners", []) if p.get("active") or p["id"] in pledged]
    return sorted(chosen, key=lambda p: PARTNER_KINDS.index(p["kind"]) if p["kind"] in PARTNER_KINDS else 99)


def compute_budget(data: Record, convention_id: str) -> Budget:
    convention(data, convention_id)  # refuses an unknown id
    partners = convention_partners(data, convention_id)
    kind_of = {p["id"]: p["kind"] for p in data.get("partners", [])}
    commitments = [k for k in data.get("commitments", []) if k.get("convention_id") == convention_id]
    budget = Budget(commitments=commitments, partners=partners)
    for k in commitments:
        pid, nature, year, cents = k["partner_id"], k["nature"], int(k["year"]), int(k["amount_cents"])
        kind = kind_of.get(pid, "")
        budget.cell[(pid, nature, year)] += cents
        budget.partner_year[(pid, year)] += cents
        budget.partner_total[pid] += cents
        budget.kind_year[(kind, year)] += cents
        budget.kind_total[kind] += cents
        budget.nature_year[(nature, year)] += cents
        budget.year_total[year] += cents
        budget.grand_total += cents
    return budget


def _m(cents: int) -> str:
    return esc(formatting.money(cents))


def year_bounds(start: dt.date, year: int) -> tuple[dt.date, dt.date]:
    return add_years(start, year - 1), add_years(start, year) - dt.timedelta(days=1)


def commitments_table(data: Record, convention_id: str) -> Table:
    """Article 5: every commitment, partner by partner, with the partner's total."""
    budget = compute_budget(data, convention_id)
    rows: list[list[str]] = []
    totals: list[int] = []
    spans = []
    keep = []
    for partner in budget.partners:
        mine = [k for k in budget.commitments if k["partner_id"] == partner["id"]]
        mine.sort(key=lambda k: (int(k["year"]), NATURE_ORDER.index(k["nature"])))
        first = len(rows)
        for i, k in enumerate(mine):
            rows.append(
                [
                    f"<b>{esc(partner['name'])}</b>" if i == 0 else "",
                    f"Année {int(k['year'])}",
                    esc(NATURE.get(k["nature"], k["nature"])),
                    esc(k.get("description")),
                    esc(formatting.integer(k.get("days"))) if k.get("days") else "",
                    _m(int(k["amount_cents"])),
                ]
            )
        if mine:
            spans.append(((0, len(rows)), (4, len(rows))))
            totals.append(len(rows))
            keep.append((first, len(rows)))  # a partner's lines and total on one page
            rows.append(
                [f"Total {esc(partner['name'])}", "", "", "", "", _m(budget.partner_total[partner["id"]])]
            )
        else:
            rows.append([f"<b>{esc(partner['name'])}</b>", "", "", "Aucun engagement chiffré", "", ""])
    return data_table(
        ["Partenaire", "Année", "Nature", "Objet de l'engagement", "Jours", "Montant"],
        rows,
        [36, 14, 24, 52, 11, 25],
        right=(4, 5),
        total_rows=totals,
        spans=spans,
        keep=keep,
    )


def _year_cells(values: dict[int, int]) -> list[str]:
    return [_m(values.get(y, 0)) for y in YEARS]


def annex1_flowables(data: Record, convention_id: str) -> list[Flowable]:
    """Annex 1: the three-year budget by partner, year and nature, then the resource profile."""
    conv = convention(data, convention_id)
    start = dt.date.fromisoformat(conv["start"])
    budget = compute_budget(data, convention_id)
    header = ["Partenaire", "Nature"]
    for y in YEARS:
        a, b = year_bounds(start, y)
        header.append(f"Année {y} ({formatting.date_short(a)} – {formatting.date_short(b)})")
    header.append("Total 3 ans")
    rows: list[list[str]] = []
    totals: list[int] = []
    spans = []
    keep = []

    def total_row(label: str, per_year: dict[int, int], total: int, *, shaded: bool = True) -> None:
        """A label over the first two columns, then the three years and the total."""
        spans.append(((0, len(rows)), (1, len(rows))))
        if shaded:
            totals.append(len(rows))
        rows.append([label, "", *_year_cells(per_year), _m(total)])

    for kind in PARTNER_KINDS:
        members = [p for p in budget.partners if p["kind"] == kind and budget.partner_total.get(p["id"])]
        if not members:
            continue
        spans.append(((0, len(rows)), (-1, len(rows))))
        totals.append(len(rows))
        rows.append([f"{esc(KIND_GROUP[kind])}", "", "", "", "", ""])
        for n, partner in enumerate(members):
            pid = partner["id"]
            first = len(rows) - 1 if n == 0 else len(rows)  # the group's title stays with its first partner
            for i, nature in enumerate(budget.natures_of(pid)):
                per_year = {y: budget.cell.get((pid, nature, y), 0) for y in YEARS}
                rows.append(
                    [
                        esc(partner["name"]) if i == 0 else "",
                        esc(NATURE[nature]),
                        *_year_cells(per_year),
                        _m(sum(per_year.values())),
                    ]
                )
            keep.append((first, len(rows)))
            total_row(
                f"Total {esc(partner['name'])}",
                {y: budget.partner_year.get((pid, y), 0) for y in YEARS},
                budget.partner_total[pid],
            )
        total_row(
            f"Sous-total : {esc(KIND_GROUP[kind])}",
            {y: budget.kind_year.get((kind, y), 0) for y in YEARS},
            budget.kind_total[kind],
        )
    for nature in NATURE_ORDER:
        per_year = {y: budget.nature_year.get((nature, y), 0) for y in YEARS}
        total_row(f"dont {esc(NATURE[nature].lower())}", per_year, sum(per_year.values()), shaded=False)
    total_row("Total général", dict(budget.year_total), budget.grand_total)
    keep.append((len(rows) - 1 - len(NATURE_ORDER), len(rows) - 1))  # the breakdown and the grand total
    table = data_table(
        header, rows, [38, 24, 26, 26, 26, 28], right=(2, 3, 4, 5), total_rows=totals, spans=spans, keep=keep
    )
    return [
        para("Annexe 1 — Budget prévisionnel triennal", "title"),
        para("Engagements des partenaires par année et par nature (montants valorisés en euros)", "subtitle"),
        table,
        spacer(6),
        *resource_profile(data, budget),
    ]


def resource_profile(data: Record, budget: Budget) -> list[Flowable]:
    """Shares per partner kind against the programme's reference profile (network head left out)."""
    counted = sum(budget.kind_total.get(k, 0) for k in RESOURCE_PROFILE)
    rows = []
    for kind, reference in RESOURCE_PROFILE.items():
        cents = budget.kind_total.get(kind, 0)
        share = cents / counted if counted else 0.0
        # Gap in percentage points, signed, French decimal comma.
        gap = format_decimal(round((share - reference) * 100, 1), format="+#,##0.0;\u2212#,##0.0", locale="fr_FR")
        rows.append(
            [
                esc(KIND_GROUP[kind]),
                _m(cents),
                esc(formatting.percent(share)),
                esc(formatting.percent(reference, 0)),
                esc(f"{gap} pt"),
            ]
        )
    rows.append(
        [
            "Total",
            _m(counted),
            esc(formatting.percent(1.0 if counted else 0.0)),
            esc(formatting.percent(1.0, 0)),
            "",
        ]
    )
    target = settings(data).get("budget_target_cents")
    story: list[Flowable] = [
        subheading("Profil des ressources"),
        data_table(
            ["Catégorie de partenaires", "Montant sur 3 ans", "Part", "Profil de référence", "Écart"],
            rows,
            [60, 35, 22, 30, 22],
            right=(1, 2, 3, 4),
            total_rows=[len(rows) - 1],
        ),
        spacer(2),
        para(
            "Le profil de référence est indicatif : il décrit la répartition observée dans les bassins en régime "
            "de croisière. Les engagements de la tête de réseau, le cas échéant, ne sont pas comptés dans ce "
            "profil.",
            "note",
        ),
    ]
    if target:
        story.append(
            para(
                f"Pour mémoire, l'ordre de grandeur des moyens à réunir sur trois ans est de {_m(int(target))} ; "
                f"le présent budget en totalise {_m(budget.grand_total)}.",
                "note",
            )
        )
    # A short block: never leave its last note alone on a page.
    return [KeepTogether(story)]
