"""Demo step for the means granted by an approval (engagements)."""

from __future__ import annotations

import datetime as dt

from alize_desktop.demo import catalog
from alize_desktop.demo.context import Demo
from alize_desktop.demo.numbers import zero_rate_schedule

# Repayable advances (euros): 10 000–60 000 €, most between 15 000 and 30 000 €.
ADVANCE_EUROS = [10_000, 10_000, 12_000, 15_000, 15_000, 20_000, 20_000, 25_000, 30_000, 40_000, 50_000,
                 60_000]

# The comité grants an advance only when the fund can pay it: what it has received, plus 85 % of
# the instalments it expects (late payers, losses), minus what it has already granted, minus a
# reserve. Instalments are estimated from a late base date (approval + 90 days) to stay prudent.
FUND_RESERVE_CENTS = 2_000_000
EXPECTED_REPAYMENT_SHARE = 85
LATEST_DISBURSEMENT_DAYS = 90


def fund_available(demo: Demo, day: dt.date) -> int:
    """Cents the advance fund can still commit on ``day`` (see the prudence rule above)."""
    received = sum(r["amount_cents"] for r in demo.data["receipts"]
                   if r["account"] == "advances" and r["date"] <= day)
    meeting_dates = {m["id"]: m["date"] for m in demo.data["meetings"]}
    granted = expected = 0
    for engagement in demo.data["engagements"]:
        if engagement["kind"] != "repayable_advance":
            continue
        granted += engagement["amount_cents"]
        terms = engagement["terms"]
        base = meeting_dates[engagement["meeting_id"]] + dt.timedelta(days=LATEST_DISBURSEMENT_DAYS)
        expected += sum(cents for due, cents in zero_rate_schedule(
            engagement["amount_cents"], terms["duration_months"], terms["deferral_months"],
            terms["period_months"], base) if due <= day)
    return received + expected * EXPECTED_REPAYMENT_SHARE // 100 - granted - FUND_RESERVE_CENTS


def _terms(duration: int, deferral: int, period: int, rate: float) -> dict:
    return {"duration_months": duration, "deferral_months": deferral, "period_months": period,
            "annual_rate": rate, "first_due_on": None}


def build_engagements(
    demo: Demo, project: dict, meeting: dict, project_type: str, subsidised_loan: bool
) -> None:
    """Engagements of one approval: usually an advance and partner skills, sometimes in-kind
    support or direct funding; a subsidised loan from the partner bank when ``subsidised_loan``.

    Terms are given only to advances and loans, with (duration − deferral) a multiple of period.
    An advance is cut down to what the fund can pay, or left out when it cannot pay any.
    """
    rng = demo.rng
    rows: list[dict] = []

    def add(kind: str, partner_id: str | None, cents: int, description: str,
            days: int | None = None, terms: dict | None = None) -> None:
        rows.append(demo.add("engagements", "e", {
            "project_id": project["id"], "meeting_id": meeting["id"], "kind": kind, "partner_id": partner_id,
            "amount_cents": cents, "days": days, "description": description, "terms": terms}))

    if subsidised_loan:
        add("subsidised_loan", demo.bank_partner, rng.randint(8, 15) * 1_000_000,
            "Prêt bonifié de la banque partenaire pour l'investissement matériel",
            terms=_terms(60, 12, 3, rng.choice([0.02, 0.015])))
    if rng.random() < (0.75 if project_type == "takeover" else 0.55):
        duration, deferral = rng.choice([36, 36, 48]), rng.choice([6, 6, 12])
        wished = rng.choice(ADVANCE_EUROS) * 100
        affordable = [a * 100 for a in ADVANCE_EUROS if a * 100 <= fund_available(demo, meeting["date"])]
        if affordable:
            add("repayable_advance", None, min(wished, max(affordable)), "Avance remboursable à taux zéro",
                terms=_terms(duration, deferral, rng.choice([1, 1, 1, 3]), 0.0))
    if rng.random() < 0.65:
        for partner_id in rng.sample(demo.skill_partners, rng.choice([1, 1, 2])):
            days = rng.randint(3, 15)
            add("skills", partner_id, days * rng.choice([600, 650, 700, 750, 800]) * 100,
                rng.choice(catalog.SKILLS_DESCRIPTIONS), days=days)
    if rng.random() < 0.12:
        add("in_kind", rng.choice(demo.skill_partners), rng.randint(20, 80) * 10_000,
            "Prêt de matériel de mesure et d'un local de stockage")
    if rng.random() < 0.08:
        add("direct_funding", rng.choice(demo.funding_partners), rng.randint(5, 20) * 100_000,
            "Subvention d'appui au recrutement")
    if not rows:  # every approval grants something: at least a partner's skills
        days = rng.randint(3, 10)
        add("skills", rng.choice(demo.skill_partners), days * 70_000, rng.choice(catalog.SKILLS_DESCRIPTIONS),
            days=days)
