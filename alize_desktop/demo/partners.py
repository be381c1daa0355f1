"""Demo steps for the basin, its conventions, partners, representatives, commitments, receipts,
support schemes and operating expenses."""

from __future__ import annotations

import datetime as dt
import unicodedata

from alize_desktop.demo import catalog
from alize_desktop.demo.context import Demo
from alize_desktop.demo.numbers import add_months, make_french_iban, make_siret

# Reference yearly means of a basin (DOMAIN.md §5): 900 000 € over 3 years, profile 40/20/25/15 %.
YEARLY_MEANS_CENTS = 30_000_000
PROFILE = {"company": 0.40, "territorial_actor": 0.20, "local_authority": 0.25, "state": 0.15}
# How each kind of partner splits its pledge between natures (shares of its yearly total).
NATURE_SPLIT = {
    "company": {"money": 0.7, "skills": 0.3},
    "territorial_actor": {"money": 0.5, "skills": 0.25, "in_kind": 0.25},
    "local_authority": {"money": 1.0},
    "state": {"money": 1.0},
}
# Share of a partner's money that goes to the advance fund (the rest funds local engineering).
TO_ADVANCES = {"company": 1.0, "territorial_actor": 0.0, "local_authority": 0.5, "state": 0.5}
# Pledges are front-loaded: the advance fund needs its capital before the first repayments.
YEAR_WEIGHTS = (1.2, 0.9, 0.9)
REIMBURSEMENT_CAP_CENTS = 1_000_000


JOBS_TARGET_PER_YEAR = 75


def build_basin(demo: Demo) -> dict:
    """The ``basin`` object: operator, its two dedicated accounts and the default settings."""
    rng = demo.rng
    accounts = {
        name: {"bank": bank, "iban": make_french_iban(rng, code)}
        for name, (bank, code) in catalog.ACCOUNT_BANKS.items()
    }
    return {
        "name": catalog.BASIN_NAME,
        "territory": catalog.TERRITORY,
        "priority_criteria": list(catalog.PRIORITY_CRITERIA),
        "operator": {"name": catalog.OPERATOR["name"], "siret": make_siret(rng, demo.sirets),
                     "address": catalog.OPERATOR["address"],
                     "representative": catalog.OPERATOR["representative"],
                     "email": catalog.OPERATOR["email"]},
        "accounts": accounts,
        "settings": {"quorum_fraction": 0.5, "jobs_target_per_year": JOBS_TARGET_PER_YEAR, "examined_target_per_year": 15,
                     "approved_target_per_year": 12, "budget_target_cents": 90_000_000,
                     "loss_rate_benchmark": 0.06,
                     "operator_reimbursement_cap_cents": REIMBURSEMENT_CAP_CENTS},
    }


def build_conventions(demo: Demo) -> None:
    """The finished convention and the running one, each signed a few weeks before it starts."""
    # The objective's figure is the basin's own target over the convention's three years: a clause
    # that said otherwise would contradict the settings printed beside it.
    jobs = 3 * JOBS_TARGET_PER_YEAR
    texts = [
        (f"Accompagner la reconversion des sous-traitants de la sidérurgie ; {jobs} emplois en 3 ans.",
         "Liens avec le service public de l'emploi et les groupements d'employeurs."),
        ("Reconversion de la filière métallurgie & industrie du futur ; 30 % d'emplois pour des "
         "publics éloignés de l'emploi.",
         "Alternance inter-entreprises, clauses d'insertion et job-dating avec France Travail."),
    ]
    for start, (objectives, labour) in zip(demo.convention_starts, texts, strict=True):
        demo.data["conventions"].append({
            "id": f"conv-{start.year}", "start": start, "specific_objectives": objectives,
            "labour_market": labour, "signed_on": start - demo.days(10, 30),
        })


def _slug(text: str) -> str:
    """ASCII, lower-case, no spaces: for the fictional e-mail addresses."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("œ", "oe")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum() or ch == "-")


def _address(demo: Demo) -> str:
    postcode, town = demo.rng.choice(catalog.TOWNS)
    return f"{demo.rng.randint(1, 80)} {demo.rng.choice(catalog.STREETS)}, {postcode} {town}"


def person_name(demo: Demo, used: set[tuple[str, str]]) -> tuple[str, str]:
    """A first and last name not drawn before (``used`` is only tested for membership)."""
    while True:
        name = (demo.rng.choice(catalog.FIRST_NAMES), demo.rng.choice(catalog.LAST_NAMES))
        if name not in used:
            used.add(name)
            return name


def _seats(index: int, kind: str, name: str, second_rep: bool) -> list[tuple[bool, bool]]:
    """(comité member?, still active?) for each representative of a partner."""
    if kind == "network_head" or "métiers" in name:
        return [(False, True)]
    if name.startswith("Département"):
        return [(False, True), (True, False)]  # its delegate left the comité, not yet replaced
    seats = [(True, True)]
    if index == 0:
        seats.append((True, False))  # a replaced delegate stays in the list, inactive
    if kind == "company" and second_rep:
        seats.append((False, True))
    return seats


def build_partners(demo: Demo) -> None:
    """Partners and their representatives, and the rosters the comité steps draw from.

    Seats: one active comité member per active company and per local body except the chamber of
    trades and the département; three former members (the company that left, a replaced company
    delegate, the département's former delegate) stay in the list as inactive members.
    """
    rng = demo.rng
    used: set[tuple[str, str]] = set()
    for index, (kind, name, active) in enumerate(catalog.PARTNERS):
        siret = None if kind == "network_head" else make_siret(rng, demo.sirets)
        partner = demo.add("partners", "p", {"kind": kind, "name": name, "siret": siret,
                                             "address": _address(demo), "active": active})
        for seat, seat_active in _seats(index, kind, name, rng.random() < 0.5):
            first, last = person_name(demo, used)
            person = demo.add("people", "h", {
                "partner_id": partner["id"], "first_name": first, "last_name": last,
                "role": rng.choice(catalog.ROLES[kind]),
                "email": f"{_slug(first)}.{_slug(last)}@{_slug(name.split(',')[0])[:18]}.example",
                "phone": f"03 29 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
                if rng.random() < 0.6 else None,
                "committee_member": seat, "active": active and seat_active,
            })
            if seat and person["active"]:
                demo.committee.append(person["id"])
                if kind == "company":
                    demo.presidents.append(person["id"])
                if kind in ("company", "territorial_actor"):
                    demo.prescribers.append(person["id"])
        if active and kind == "company":
            demo.skill_partners.append(partner["id"])
        if kind == "local_authority" and not name.startswith("Département"):
            demo.funding_partners.append(partner["id"])
        if index == catalog.BANK_PARTNER:
            demo.bank_partner = partner["id"]


def build_support_schemes(demo: Demo) -> None:
    """The few existing local schemes that ALIZÉ complements."""
    for name, kind in catalog.SUPPORT_SCHEMES:
        demo.add("support_schemes", "s", {"name": name, "kind": kind})


def _round_hundred_euros(cents: float) -> int:
    return max(10_000, int(round(cents / 10_000)) * 10_000)


def build_commitments_and_receipts(demo: Demo) -> None:
    """Yearly pledges per convention × partner × nature, and the receipts of the money pledged.

    Each kind's yearly total is the profile share of 300 000 € within ±4 % (more in the first
    year, less in the others), split between its
    partners by stable weights. Money is received a few weeks into each year, into the advance
    fund or the operating account by kind; nothing is received after today.
    """
    rng = demo.rng
    partners = demo.data["partners"]
    for conv_index, conv in enumerate(demo.data["conventions"]):
        excluded = catalog.LEFT_AT_RENEWAL if conv_index else catalog.JOINED_AT_RENEWAL
        members = [p for i, p in enumerate(partners) if i != excluded and p["kind"] in PROFILE]
        weights = {p["id"]: rng.uniform(0.7, 1.3) for p in members}
        day_rates = {p["id"]: rng.choice([600, 650, 700, 750, 800]) for p in members}
        for year in range(1, 4):
            year_start = add_months(conv["start"], 12 * (year - 1))
            for kind, share in PROFILE.items():
                kind_members = [p for p in members if p["kind"] == kind]
                kind_total = YEARLY_MEANS_CENTS * share * YEAR_WEIGHTS[year - 1] * rng.uniform(0.96, 1.04)
                weight_sum = sum(weights[p["id"]] for p in kind_members)
                for partner in kind_members:
                    total = kind_total * weights[partner["id"]] / weight_sum
                    for nature, part in NATURE_SPLIT[kind].items():
                        _pledge(demo, conv["id"], partner, year, year_start, nature, total * part,
                                day_rates[partner["id"]])


def _pledge(demo: Demo, conv_id: str, partner: dict, year: int, year_start: dt.date, nature: str,
            value_cents: float, day_rate_euros: int) -> None:
    """One commitment, and for money its receipt(s) when already paid."""
    days = None
    if nature == "skills":
        days = max(1, round(value_cents / (day_rate_euros * 100)))
        amount = days * day_rate_euros * 100
        description = f"Mise à disposition de cadres et techniciens, {days} jours"
    elif nature == "in_kind":
        amount = _round_hundred_euros(value_cents)
        description = "Mise à disposition de locaux, de salles et de matériel"
    else:
        amount = _round_hundred_euros(value_cents)
        to_advances = TO_ADVANCES[partner["kind"]]
        description = {1.0: "Dotation au fonds d'avances remboursables",
                       0.0: "Contribution à l'ingénierie locale"}.get(
            to_advances, "Dotation au fonds d'avances et à l'ingénierie locale")
        advances = int(amount * to_advances) // 100 * 100
        for account, cents in (("advances", advances), ("operating", amount - advances)):
            paid_on = year_start + demo.days(20, 110)
            if cents and paid_on <= demo.today:
                demo.add("receipts", "r", {"account": account, "partner_id": partner["id"],
                                           "date": paid_on, "amount_cents": cents})
    demo.add("commitments", "k", {"convention_id": conv_id, "partner_id": partner["id"], "year": year,
                                  "nature": nature, "amount_cents": amount, "days": days,
                                  "description": description})


def finish_receipts(demo: Demo) -> None:
    """Receipts in date order, numbered in that order."""
    demo.renumber("receipts", "r", lambda r: r["date"])


def build_expenses(demo: Demo) -> None:
    """Operating expenses: quarterly engineering, small running costs, and the operator's
    reimbursement twice a calendar year, always within the yearly cap."""
    rng = demo.rng
    receipts = demo.data["receipts"]
    for year in demo.years():
        if year.start > demo.today:
            break
        received = sum(r["amount_cents"] for r in receipts
                       if r["account"] == "operating" and year.start <= r["date"] < year.end)
        # Keep the operating account positive: engineering spends what is left of the receipts.
        engineering = max(0, int(received * 0.8) - 1_200_000) // 4 // 100 * 100
        for quarter in range(1, 5):
            day = add_months(year.start, 3 * quarter) - dt.timedelta(days=1)
            if engineering and day <= demo.today:
                demo.add("expenses", "x", {
                    "account": "operating", "date": day, "amount_cents": engineering,
                    "category": "engineering",
                    "label": f"Ingénierie locale : instruction des dossiers et animation (T{quarter})"})
        for label, low, high in (("Frais de réunion du comité d'agrément", 300, 900),
                                 ("Impression et envoi des conventions", 200, 600)):
            day = year.start + demo.days(120, 330)
            if day <= demo.today:
                demo.add("expenses", "x", {"account": "operating", "date": day,
                                           "amount_cents": rng.randint(low, high) * 100,
                                           "category": "other", "label": label})
    first_year = demo.convention_starts[0].year
    for cal_year in range(first_year, demo.today.year + 1):
        halves = ((dt.date(cal_year, 6, 30), "1er semestre"), (dt.date(cal_year, 12, 15), "2nd semestre"))
        for day, label in halves:
            # From the fourth month on: the operating account must first receive the partners' money.
            if demo.convention_starts[0] + dt.timedelta(days=120) <= day <= demo.today:
                # Two entries of at most 4 950 € each: never beyond the 10 000 € yearly cap.
                demo.add("expenses", "x", {"account": "operating", "date": day,
                                           "amount_cents": rng.randint(76, 99) * 5_000,
                                           "category": "operator_reimbursement",
                                           "label": f"Défraiement de l'opérateur ({label} {cal_year})"})
    demo.renumber("expenses", "x", lambda x: x["date"])
