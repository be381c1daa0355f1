"""Demo steps for the SMEs, their projects and the comité meetings, planned chronologically.

First the meetings of each convention year are laid out, then projects are put on their agendas
(new ones, plus adjourned ones coming back), which fixes every project's history and status; only
then are ids given, in order of receipt, and the format v1 rows written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from alize_desktop.demo import catalog
from alize_desktop.demo.context import Demo
from alize_desktop.demo.engagements import build_engagements
from alize_desktop.demo.numbers import add_months, make_siret, nth_weekday
from alize_desktop.demo.partners import person_name

TYPES = ("development", "takeover", "structuring", "creation")
TYPE_WEIGHTS = (55, 20, 10, 15)
# Meetings held at most this many times ahead of today (planned, items without a decision).
FUTURE_MEETINGS = 2
THURSDAY = 3


@dataclass
class MeetingPlan:
    """A comité meeting being planned: its date, year, how many new projects it examines."""

    date: dt.date
    year_index: int
    quota: int = 0
    items: list[tuple[ProjectPlan, str | None]] = field(default_factory=list)


@dataclass
class ProjectPlan:
    """A project's history before it gets its row: receipt, examinations, final status."""

    seq: int
    type: str
    received_on: dt.date
    first_decision: str | None
    status: str = "received"
    approved_at: MeetingPlan | None = None
    subsidised_loan: bool = False
    row: dict = field(default_factory=dict)


def plan_meetings(demo: Demo) -> list[MeetingPlan]:
    """7–9 meetings per convention year (second Thursday of the month, never in August), those
    held up to today and the next ``FUTURE_MEETINGS`` planned ones."""
    rng = demo.rng
    planned: list[MeetingPlan] = []
    for year in demo.years():
        if year.start > demo.today:
            break
        months = [m for m in (add_months(year.start, i) for i in range(12)) if m.month != 8]
        if year.index == 0:
            months = months[1:]  # the programme has just started: no project ready in month one
        chosen = _spread(demo, months, rng.randint(7, 9))
        year_meetings = [MeetingPlan(nth_weekday(m.year, m.month, THURSDAY, 2), year.index) for m in chosen]
        # About 15 new projects a year, spread evenly over the year's meetings.
        new_projects = rng.randint(14, 15)
        for i, meeting in enumerate(year_meetings):
            meeting.quota = new_projects // len(year_meetings) + (i < new_projects % len(year_meetings))
        planned.extend(year_meetings)
    held = [m for m in planned if m.date <= demo.today]
    future = [m for m in planned if m.date > demo.today][:FUTURE_MEETINGS]
    if not future:
        month = add_months(demo.today.replace(day=1), 1)
        month = add_months(month, 1) if month.month == 8 else month
        future = [MeetingPlan(nth_weekday(month.year, month.month, THURSDAY, 2), held[-1].year_index, 2)]
    return held + future


def _spread(demo: Demo, months: list[dt.date], count: int) -> list[dt.date]:
    """``count`` of the ``months`` without two skipped in a row: no comité pause beyond the
    summer break (a few draws suffice; the last draw is kept if none qualifies)."""
    for _ in range(50):
        skipped = set(demo.rng.sample(range(len(months)), len(months) - count))
        if not any(i in skipped and i + 1 in skipped for i in range(len(months))):
            break
    return [m for i, m in enumerate(months) if i not in skipped]


def _first_decisions(demo: Demo, count: int) -> list[str]:
    """First decisions for a year's new projects: 2–3 rejected, 2 adjourned, the rest approved.

    Adjourned projects are approved at a later meeting, so about 12 projects a year are approved.
    """
    rejected = demo.rng.randint(2, 3)
    decisions = ["rejected"] * rejected + ["adjourned"] * 2 + ["approved"] * (count - rejected - 2)
    demo.rng.shuffle(decisions)
    return decisions


def plan_projects(demo: Demo, meetings: list[MeetingPlan]) -> list[ProjectPlan]:
    """Walk the meetings in date order, examining new and adjourned projects.

    An adjourned project comes back one or two meetings later and is then approved, except one
    (third year) whose holder withdraws it. Items of future meetings have no decision yet.
    """
    rng, today = demo.rng, demo.today
    earliest = demo.convention_starts[0] + dt.timedelta(days=3)
    plans: list[ProjectPlan] = []
    decisions: dict[int, list[str]] = {}
    for year_index in sorted({m.year_index for m in meetings}):
        quota = sum(m.quota for m in meetings if m.year_index == year_index)
        decisions[year_index] = _first_decisions(demo, quota) if quota >= 4 else ["approved"] * quota
    pending: list[tuple[int, ProjectPlan]] = []
    withdrawn = False
    for j, meeting in enumerate(meetings):
        held = meeting.date <= today
        back = [p for due, p in pending if due == j]
        pending = [(due, p) for due, p in pending if due != j]
        fresh: list[ProjectPlan] = []
        for _ in range(meeting.quota):
            received = max(earliest, meeting.date - demo.days(30, 100))
            received = min(received, today - demo.days(3, 15))
            project_type = rng.choices(TYPES, TYPE_WEIGHTS)[0]
            fresh.append(ProjectPlan(len(plans) + len(fresh), project_type, received,
                                     decisions[meeting.year_index].pop()))
        plans.extend(fresh)
        for plan in back + fresh:
            decision = (plan.first_decision if plan in fresh else "approved") if held else None
            meeting.items.append((plan, decision))
            if decision is None:
                plan.status = "scheduled"
            elif decision == "approved":
                plan.status, plan.approved_at = "approved", meeting
            elif decision == "adjourned" and meeting.year_index == 2 and not withdrawn:
                plan.status, withdrawn = "withdrawn", True
            else:
                plan.status = decision
                if decision == "adjourned":
                    pending.append((j + rng.choice([1, 2]), plan))
    # A few recent projects still being prepared, not yet on any agenda.
    for status in ("in_review", "in_review", "received"):
        plan = ProjectPlan(len(plans), rng.choices(TYPES, TYPE_WEIGHTS)[0], today - demo.days(3, 45), None)
        plan.status = status
        plans.append(plan)
    # One or two subsidised loans (lent by the partner bank), in different years.
    for year_index in (0, 2):
        candidates = [p for p in plans if p.approved_at and p.approved_at.year_index == year_index]
        if candidates:
            rng.choice(candidates).subsidised_loan = True
    plans.sort(key=lambda p: (p.received_on, p.seq))
    return plans


def _company(demo: Demo, plan: ProjectPlan, names: set[str], used: set[tuple[str, str]]) -> dict:
    """A new SME row for ``plan``; a creation is a young, small company."""
    rng = demo.rng
    while True:
        activity, naf = rng.choice(catalog.ACTIVITIES)
        family = rng.choice(catalog.LAST_NAMES)
        name = rng.choice(catalog.NAME_PATTERNS).format(a=activity, f=family)
        if name not in names:
            names.add(name)
            break
    if plan.type == "creation":
        created_on = plan.received_on - demo.days(60, 400)
        headcount = rng.randint(1, 5)
    else:
        year = rng.randint(1972, plan.received_on.year - 4)
        created_on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        headcount = int(rng.triangular(4, 90, 15))
    postcode, town = rng.choice(catalog.TOWNS)
    first, last = person_name(demo, used)
    return demo.add("companies", "c", {
        "name": name, "siret": make_siret(rng, demo.sirets), "legal_form": rng.choice(catalog.LEGAL_FORMS),
        "naf": naf, "created_on": created_on, "headcount": headcount,
        "address": f"{rng.randint(1, 60)} {rng.choice(catalog.STREETS)}, {postcode} {town}",
        "manager": f"{first} {last}", "insolvency": None,
    })


def _jobs_planned(demo: Demo, project_type: str, headcount: int) -> tuple[int, int]:
    """Jobs the holder plans to create and to maintain, by type of project."""
    rng = demo.rng
    created = {"development": (4, 14), "takeover": (0, 4), "structuring": (0, 3),
               "creation": (2, 8)}[project_type]
    # Jobs maintained: the whole staff in a takeover, the jobs the project secures otherwise.
    if project_type == "takeover":
        maintained = headcount
    elif project_type == "creation":
        maintained = rng.randint(0, 2)
    else:
        maintained = rng.randint(0, max(1, headcount // 3))
    return rng.randint(*created), maintained


def build_projects(demo: Demo, plans: list[ProjectPlan]) -> None:
    """Companies and project rows, in order of receipt. A few companies come back with a second
    project two or more years after an approved first one."""
    rng, today = demo.rng, demo.today
    names: set[str] = set()
    used = {(p["first_name"], p["last_name"]) for p in demo.data["people"]}
    returning: list[tuple[ProjectPlan, dict]] = []
    schemes = demo.data["support_schemes"]
    for plan in plans:
        earlier = [(p, c) for p, c in returning if p.received_on <= plan.received_on - dt.timedelta(days=700)]
        if earlier and plan.type != "creation" and rng.random() < 0.12:
            first, company = earlier[0]
            returning.remove((first, company))
        else:
            company = _company(demo, plan, names, used)
        # A project only received has no diagnosis and no selection grid yet.
        reviewed = plan.status != "received"
        promising = plan.status != "rejected"
        created, maintained = _jobs_planned(demo, plan.type, company["headcount"])
        prescriber = rng.choice(demo.prescribers)
        signed = None
        mandatary = None
        if plan.approved_at:
            mandatary = rng.choice([h for h in (demo.presidents if rng.random() < 0.7 else demo.committee)
                                    if h != prescriber])
            signed = plan.approved_at.date + demo.days(14, 42)
            signed = signed if signed <= today else None
            plan.status = "convention_signed" if signed else "approved"
            returning.append((plan, company))
        supports = []
        if reviewed and rng.random() < 0.3:
            scheme = rng.choice(schemes)
            euros = rng.randint(8, 30) if scheme["kind"] == "honour_loan" else rng.randint(10, 50)
            supports.append({"scheme_id": scheme["id"], "amount_cents": euros * 100_000})
        plan.row = demo.add("projects", "pr", {
            "company_id": company["id"], "title": rng.choice(catalog.PROJECT_TITLES[plan.type]),
            "type": plan.type, "received_on": plan.received_on, "prescriber_id": prescriber,
            "diagnostic": rng.choice(catalog.DIAGNOSTICS) if reviewed else None,
            "complementary_diagnostic": catalog.COMPLEMENTARY if reviewed and rng.random() < 0.2 else None,
            "scores": {key: rng.randint(3, 5) if promising else rng.randint(1, 3)
                       for key in ("quality", "holder", "impact")} if reviewed else None,
            "jobs_planned_created": created, "jobs_planned_maintained": maintained,
            "status": plan.status, "other_supports": supports,
            "mandatary_id": mandatary, "convention_signed_on": signed,
        })


def _votes(demo: Demo, eligible: list[str], decision: str) -> dict[str, str]:
    """Per-member votes consistent with the decision (approved ⇒ more for than against)."""
    weights = {"approved": (85, 5, 10), "rejected": (15, 65, 20), "adjourned": (40, 20, 40)}[decision]
    votes = {h: demo.rng.choices(("for", "against", "abstain"), weights)[0] for h in eligible}
    tally = list(votes.values())
    if decision == "approved" and tally.count("for") <= tally.count("against"):
        votes = dict.fromkeys(eligible, "for")
    if decision == "rejected" and tally.count("against") <= tally.count("for"):
        votes = {h: "against" if v == "for" else v for h, v in votes.items()}
    return votes


NOTES = {
    "approved": "Avis favorable du comité ; mandataire désigné.",
    "rejected": "Création d'emplois insuffisante à ce stade ; orientation vers d'autres dispositifs.",
    "adjourned": "Ajourné : plan de financement & prévisionnel à compléter.",
}


def build_meetings(demo: Demo, meetings: list[MeetingPlan]) -> None:
    """Meeting rows (attendance with quorum, items, votes) and the engagements of approvals.

    Only active comité members attend; the president is one of them from an active partner
    company; more than half of them are present. One item carries a declared conflict.
    """
    rng = demo.rng
    people = demo.by_id("people")
    committee = demo.committee
    conflict_done = False
    for meeting in meetings:
        president = rng.choice(demo.presidents)
        others = [h for h in committee if h != president]
        present_count = rng.randint(len(committee) // 2 + 2, len(committee) - 2)
        present = set(rng.sample(others, present_count - 1)) | {president}
        absent = [h for h in committee if h not in present]
        excused = set(rng.sample(absent, rng.randint(1, min(3, len(absent)))))
        present_list = [h for h in committee if h in present]
        row = demo.add("meetings", "m", {
            "date": meeting.date, "place": rng.choice(catalog.PLACES), "president_id": president,
            "present": present_list, "excused": [h for h in committee if h in excused],
            "quorum_override": None, "items": [],
        })
        for position, (plan, decision) in enumerate(meeting.items, start=1):
            item = {"project_id": plan.row["id"], "position": position, "conflicts": [], "votes": None,
                    "vote_totals": None, "decision": decision, "notes": None}
            if decision is not None:
                notes = NOTES[decision]
                if decision == "approved" and meeting.year_index == 1 and not conflict_done:
                    member = rng.choice([h for h in present_list if h != president])
                    item["conflicts"] = [member]
                    person = people[member]
                    notes += (f" {person['first_name']} {person['last_name']} déclare un conflit "
                              "d'intérêts (client de l'entreprise) et ne prend pas part au vote.")
                    conflict_done = True
                eligible = [h for h in present_list if h not in item["conflicts"]]
                votes = _votes(demo, eligible, decision)
                if rng.random() < 0.75:
                    item["votes"] = votes
                else:  # show of hands: only the totals are typed
                    tally = list(votes.values())
                    item["vote_totals"] = {v: tally.count(v) for v in ("for", "against", "abstain")}
                item["notes"] = notes
            row["items"].append(item)
            if decision == "approved":
                build_engagements(demo, plan.row, row, plan.type, plan.subsidised_loan)
