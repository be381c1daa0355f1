"""The dashboard's alerts: what needs the operator's attention today, each pointing at its record.

`compute_alerts(data, today)` is pure over the basin snapshot (or a format v1 document: every rule
stays testable with a hand-made dict) and reads the same shared figures as the report;
`basin_alerts(engine, today)` reads the shared snapshot for the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from alize_desktop.basin import Snapshot
from alize_desktop.basin.convert import as_snapshot
from alize_desktop.basin.defaults import REIMBURSEMENT_CAP_CENTS
from alize_desktop.formatting import count, date_long, integer, money, percent
from alize_desktop.memory import long_lived
from alize_desktop.models.enums import label
from alize_desktop.rules.evaluation import convention_period
from alize_desktop.rules.figures import Figures, figures
from alize_desktop.rules.fund import REIMBURSEMENT_CATEGORY
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.basin_reader import current_snapshot
from alize_desktop.services.evaluation.alert import SEVERITY_ORDER, Alert
from alize_desktop.services.projects.follow_ups import FOLLOWED, follow_up_plan, split_notes

MIN_ACTIVE_COMPANIES = 4
FUND_CRITICAL_SIZE_CENTS = 40_000_000  # 400 000 €: the advance fund's critical size (DOMAIN.md §5)
REIMBURSEMENT_WARNING = 0.8
RENEWAL_NOTICE_MONTHS = 6
CLAIM_MONTHS = 2  # a claim is declared within 2 months of the judgment's publication
CLAIM_NOTICE_DAYS = 30


def _follow_up_alerts(snap: Snapshot, today: dt.date, names: dict[str, str]) -> list[Alert]:
    person = snap.person
    out = []
    for p in snap.projects:
        signed = p.convention_signed_on
        if p.status not in FOLLOWED or signed is None:
            continue
        own = sorted((f for f in snap.follow_ups_of(p.id) if f.date <= today), key=lambda f: f.date)
        late = [s for s in follow_up_plan(signed, [f.date for f in own], today) if s.state == "overdue"]
        h = person.get(p.mandatary_id or "")
        who = f"{h.first_name} {h.last_name}".strip() if h is not None else ""
        if late:
            first = late[0]
            days = (today - first.due_on).days
            text = (f"{names.get(p.id, p.id)} : rapport de suivi du {first.month}e mois en retard de "
                    f"{integer(days)} jours (attendu le {date_long(first.due_on)})"
                    + (f", mandataire {who}" if who else ""))
            out.append(Alert("follow_up_overdue", "critical" if days > 60 else "warning", text, "follow_up", p.id))
        if own and split_notes(own[-1].notes)[0]:
            out.append(Alert("new_intervention", "info",
                             f"{names.get(p.id, p.id)} : le mandataire demande une nouvelle intervention "
                             f"du comité (rapport du {date_long(own[-1].date)})", "follow_up", p.id))
    return out


def _repayment_alerts(fig: Figures, names: dict[str, str]) -> list[Alert]:
    out = []
    for a in fig.advances:
        if a.overdue_cents <= 0:
            continue
        days = a.days_late
        who = names.get(a.engagement.project_id, "")
        text = (f"Avance {a.engagement.id} — {who} : {money(a.overdue_cents)} d'échéances impayées, "
                f"{integer(days)} jours de retard")
        out.append(Alert("repayment_late", "critical" if days > 90 else "warning", text, "fund", a.engagement.id))
    return out


def _claim_alerts(snap: Snapshot, fig: Figures, today: dt.date) -> list[Alert]:
    """Insolvent companies still owing an advance: the claim deadline, near or past."""
    owed = {a.engagement.id: a.outstanding_cents for a in fig.advances}
    projects_of: dict[str, list[str]] = {}
    owed_by_company: dict[str, int] = {}
    project = snap.project
    for e in snap.engagements:
        p = project.get(e.project_id)
        cid = p.company_id if p is not None else None
        if cid is not None and owed.get(e.id, 0) > 0:
            owed_by_company[cid] = owed_by_company.get(cid, 0) + owed[e.id]
            projects_of.setdefault(cid, []).append(e.project_id)
    out = []
    for c in snap.companies:
        ins = c.insolvency
        published = ins.published_on if ins is not None else None
        if published is None or owed_by_company.get(c.id, 0) <= 0:
            continue
        deadline = add_months(published, CLAIM_MONTHS)
        left = (deadline - today).days
        if left > CLAIM_NOTICE_DAYS:
            continue
        what = f"{c.name} ({label(ins.procedure).lower()}, encours {money(owed_by_company[c.id])})"  # type: ignore[union-attr]
        if left >= 0:
            text = f"{what} : déclarer la créance avant le {date_long(deadline)} ({integer(left)} jours restants)"
        else:
            text = f"{what} : délai de déclaration de créance dépassé depuis le {date_long(deadline)}"
        out.append(Alert("insolvency_claim", "critical", text, "projects", projects_of[c.id][-1]))
    return out


def _convention_alerts(snap: Snapshot, today: dt.date) -> list[Alert]:
    convs = sorted(snap.conventions, key=lambda c: c.start)
    for i, c in enumerate(convs):
        period = convention_period(c)
        start, end = period.start, period.end
        if not (start <= today <= end):
            continue
        if convs[i + 1:]:
            return []  # the next convention is already recorded
        if today >= add_months(end, -RENEWAL_NOTICE_MONTHS):
            text = (f"La convention de partenariat {c.id} prend fin le {date_long(end)} : "
                    f"préparer son renouvellement ({integer((end - today).days)} jours restants)")
            return [Alert("convention_renewal", "warning", text, "conventions", c.id)]
    return []


def compute_alerts(data: Snapshot | Mapping[str, Any], today: dt.date) -> list[Alert]:
    """Every alert on `today`, most urgent first (from a snapshot, or a format v1 document)."""
    snap = as_snapshot(data)
    fig = figures(snap, today)
    company = snap.company
    names = {}
    for p in snap.projects:
        c = company.get(p.company_id)
        names[p.id] = f"{c.name if c is not None else ''} — {p.title}".strip(" —")
    alerts = [*_follow_up_alerts(snap, today, names), *_repayment_alerts(fig, names),
              *_claim_alerts(snap, fig, today), *_convention_alerts(snap, today)]
    active = sum(1 for p in snap.partners if p.kind == "company" and p.active)
    if active < MIN_ACTIVE_COMPANIES:
        alerts.append(Alert("few_companies", "critical",
                            f"{'Seulement ' if active else ''}{count(active, 'entreprise partenaire active')} : "
                            f"le programme en demande au moins "
                            f"{MIN_ACTIVE_COMPANIES}", "partners"))
    cap = snap.settings.operator_reimbursement_cap_cents
    cap = REIMBURSEMENT_CAP_CENTS if cap is None else int(cap)
    used = sum(x.amount_cents for x in snap.expenses
               if x.category == REIMBURSEMENT_CATEGORY and x.date.year == today.year and x.date <= today)
    if cap > 0 and used >= REIMBURSEMENT_WARNING * cap:
        alerts.append(Alert("reimbursement_cap", "critical" if used >= cap else "warning",
                            f"Défraiement de l'opérateur {today.year} : {money(used)} sur un plafond de "
                            f"{money(cap)} ({percent(used / cap, 0)})", "fund"))
    balance = fig.balances["advances_cents"]
    if balance < FUND_CRITICAL_SIZE_CENTS:
        alerts.append(Alert("fund_low", "warning",
                            f"Solde du fonds d'avances : {money(balance)}, sous sa taille critique de "
                            f"{money(FUND_CRITICAL_SIZE_CENTS)}", "fund"))
    return sorted(alerts, key=lambda a: SEVERITY_ORDER[a.severity])


def basin_alerts(engine: Engine, today: dt.date) -> list[Alert]:
    """The alerts of the database's basin (none when it holds no basin yet), from the shared snapshot.

    Computed once per snapshot and day: the dashboard asks again on every show.
    """
    snap = current_snapshot(engine)
    if snap.basin is None:
        return []
    key = ("alerts", today)
    if key not in snap.memo:
        with long_lived():  # kept as long as the snapshot (alize_desktop.memory)
            snap.memo[key] = tuple(compute_alerts(snap, today))
    return list(snap.memo[key])
