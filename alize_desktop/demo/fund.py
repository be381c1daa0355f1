"""Demo steps for the advance fund (disbursements, repayments, write-offs) and project follow-ups.

Repayments follow each advance's schedule (DOMAIN.md §5.1). Most advances are repaid on time;
two were once late and caught up; three are overdue today by different delays; one belongs to a
company in receivership and is partly written off. Cumulative repayments plus write-offs never
exceed what was disbursed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alize_desktop.demo import catalog
from alize_desktop.demo.context import Demo
from alize_desktop.demo.numbers import add_months, zero_rate_schedule

FOLLOW_UP_MONTHS = (3, 6, 12, 18)
# Targets of the overdue advances' delays today (days): one in each of three ageing buckets.
LATE_DELAYS = ((10, 25), (40, 80), (100, 170))


@dataclass
class Advance:
    """A disbursed advance: its engagement row, project row, disbursed total and schedule."""

    engagement: dict
    project: dict
    principal: int
    schedule: list[tuple[dt.date, int]]


def build_disbursements(demo: Demo) -> list[Advance]:
    """Pay each advance a few weeks after its convention is signed (never after today); the first
    large enough, old enough advance is paid in two tranches before its first instalment."""
    projects = demo.by_id("projects")
    advances: list[Advance] = []
    split_done = False
    for engagement in demo.data["engagements"]:
        project = projects[engagement["project_id"]]
        signed = project["convention_signed_on"]
        if engagement["kind"] != "repayable_advance" or signed is None:
            continue
        first = signed + demo.days(10, 35)
        if first > demo.today:
            continue
        amount = engagement["amount_cents"]
        tranches = [(first, amount)]
        if not split_done and amount >= 3_000_000 and first + dt.timedelta(days=150) <= demo.today:
            second = first + demo.days(45, 75)
            part = amount * 6 // 10 // 10_000 * 10_000
            tranches = [(first, part), (second, amount - part)]
            split_done = True
        for day, cents in tranches:
            demo.add("disbursements", "d",
                     {"engagement_id": engagement["id"], "date": day, "amount_cents": cents})
        terms = engagement["terms"]
        schedule = zero_rate_schedule(amount, terms["duration_months"], terms["deferral_months"],
                                      terms["period_months"], first)
        advances.append(Advance(engagement, project, amount, schedule))
    demo.renumber("disbursements", "d", lambda d: d["date"])
    return advances


def _repay(demo: Demo, advance: Advance, day: dt.date, cents: int) -> None:
    demo.add("repayments", "rp", {"engagement_id": advance.engagement["id"], "date": min(day, demo.today),
                                  "amount_cents": cents})


def _running(advance: Advance, today: dt.date, seasoned_days: int) -> bool:
    """Repaying for at least ``seasoned_days`` and not finished: where arrears can show today."""
    first_due, last_due = advance.schedule[0][0], advance.schedule[-1][0]
    return first_due <= today - dt.timedelta(days=seasoned_days) and last_due > today


def build_repayments(demo: Demo, advances: list[Advance]) -> None:
    """Repayments of every disbursed advance by its profile, then the write-off."""
    rng, today = demo.rng, demo.today
    companies = demo.by_id("companies")
    company_projects: dict[str, int] = {}
    for project in demo.data["projects"]:
        company_projects[project["company_id"]] = company_projects.get(project["company_id"], 0) + 1
    pool = list(advances)
    insolvent = [a for a in pool
                 if _running(a, today, 420) and company_projects[a.project["company_id"]] == 1]
    insolvent_pick = rng.choice(insolvent) if insolvent else None
    pool = [a for a in pool if a is not insolvent_pick]
    candidates = [a for a in pool if _running(a, today, 200)]
    late = rng.sample(candidates, min(len(LATE_DELAYS), len(candidates)))
    pool = [a for a in pool if a not in late]
    seasoned = [a for a in pool if len(a.schedule) > 3 and a.schedule[2][0] < today]
    caught_up = rng.sample(seasoned, min(2, len(seasoned)))
    for advance in advances:
        due = [(day, cents) for day, cents in advance.schedule if day <= today]
        if advance is insolvent_pick:
            _insolvency(demo, advance, companies[advance.project["company_id"]])
            continue
        stop = len(due)
        if advance in late:
            low, high = LATE_DELAYS[late.index(advance)]
            limit = today - demo.days(low, high)
            stop = max(i for i, (day, _) in enumerate(due) if day <= limit) if due[0][0] <= limit else 0
        skip_to = -1
        if advance in caught_up:
            # Two instalments paid together some weeks after the second one fell due.
            i = rng.randrange(0, len(due) - 1)
            _repay(demo, advance, due[i + 1][0] + demo.days(10, 25), due[i][1] + due[i + 1][1])
            skip_to = i + 1
        for i, (day, cents) in enumerate(due[:stop]):
            if i in (skip_to - 1, skip_to):
                continue
            _repay(demo, advance, day + demo.days(0, 4), cents)
        if advance in late and late.index(advance) == 1 and stop < len(due):
            # A partial payment on the oldest unpaid instalment: still overdue, from the same date.
            _repay(demo, advance, due[stop][0] + demo.days(5, 10), due[stop][1] // 2)
    demo.renumber("repayments", "rp", lambda r: r["date"])
    demo.renumber("write_offs", "w", lambda w: w["date"])


def _insolvency(demo: Demo, advance: Advance, company: dict) -> None:
    """Receivership of the company: repayments stop about a month before the judgment; part of
    what is still outstanding is written off a few months later (claim declared, plan adopted)."""
    rng, today = demo.rng, demo.today
    judgment = today - demo.days(180, 260)
    company["insolvency"] = {"procedure": "receivership", "judgment_on": judgment,
                             "published_on": judgment + demo.days(7, 14)}
    stopped = judgment - demo.days(20, 40)
    paid = 0
    for day, cents in advance.schedule:
        if day < stopped:
            _repay(demo, advance, day + demo.days(0, 4), cents)
            paid += cents
    outstanding = advance.principal - paid
    demo.add("write_offs", "w", {
        "engagement_id": advance.engagement["id"], "date": judgment + demo.days(100, 150),
        "amount_cents": outstanding * rng.choice([40, 50, 60]) // 100 // 100 * 100,
        "reason": "Redressement judiciaire : plan de continuation avec abandon partiel de la créance"})


def build_follow_ups(demo: Demo) -> None:
    """Mandatary reports at months 3, 6, 12 and 18 after signature (those already due), with
    cumulative, non-decreasing figures; the project status follows (18 months reported: closed)."""
    rng, today = demo.rng, demo.today
    skills_days: dict[str, int] = {}
    for engagement in demo.data["engagements"]:
        if engagement["kind"] == "skills":
            project_id = engagement["project_id"]
            skills_days[project_id] = skills_days.get(project_id, 0) + engagement["days"]
    companies = demo.by_id("companies")
    for project in demo.data["projects"]:
        signed = project["convention_signed_on"]
        if signed is None:
            continue
        insolvency = companies[project["company_id"]]["insolvency"]
        created = round(project["jobs_planned_created"] * rng.uniform(0.6, 1.3))
        maintained = project["jobs_planned_maintained"]
        done = 0
        for step, months in enumerate(FOLLOW_UP_MONTHS, start=1):
            day = add_months(signed, months) + demo.days(0, 10)
            if day > today:
                break
            share = step / len(FOLLOW_UP_MONTHS)
            notes = rng.choice(catalog.FOLLOW_UP_NOTES)
            if insolvency and day >= insolvency["judgment_on"]:
                notes = "Redressement judiciaire en cours : suivi renforcé, pas de recrutement."
                share = done / len(FOLLOW_UP_MONTHS)  # jobs frozen since the judgment
            else:
                done = step
            demo.add("follow_ups", "f", {
                "project_id": project["id"], "date": day, "author_id": project["mandatary_id"],
                "jobs_created": int(created * share),
                "jobs_maintained": int(maintained * (0.8 + 0.2 * share)),
                "skills_days_delivered": int(skills_days.get(project["id"], 0) * min(1.0, share + 0.1)),
                "notes": notes})
            project["status"] = "closed" if months == FOLLOW_UP_MONTHS[-1] else "in_follow_up"
    demo.renumber("follow_ups", "f", lambda f: f["date"])
