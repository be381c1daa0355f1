"""The dashboard's alerts: what needs the operator's attention today, each pointing at its record.

`compute_alerts(data, today)` is pure over the format v1 basin dict (the same facts the report
and the export see), so every rule is testable with a hand-made dict; `basin_alerts(engine, today)`
reads the database for the dashboard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from alize_desktop.formatting import date_long, integer, money, percent
from alize_desktop.models.enums import label
from alize_desktop.rules.fund import account_balances
from alize_desktop.rules.report import fund_figures
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.follow_ups import FOLLOWED, follow_up_plan, split_notes

MIN_ACTIVE_COMPANIES = 4
FUND_CRITICAL_SIZE_CENTS = 40_000_000  # 400 000 €: the advance fund's critical size (DOMAIN.md §5)
REIMBURSEMENT_WARNING = 0.8
RENEWAL_NOTICE_MONTHS = 6
CLAIM_MONTHS = 2  # a claim is declared within 2 months of the judgment's publication
CLAIM_NOTICE_DAYS = 30
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"critical": "Urgent", "warning": "À surveiller", "info": "Information"}


@dataclasses.dataclass(frozen=True)
class Alert:
    kind: str  # follow_up_overdue, repayment_late, insolvency_claim, convention_renewal, few_companies,
    #            reimbursement_cap, fund_low, new_intervention
    severity: str  # critical, warning, info
    text: str  # French, ready to show
    page_key: str  # the page that opens the record
    record_id: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def _d(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _follow_up_alerts(data: Mapping[str, Any], today: dt.date, names: dict[str, str]) -> list[Alert]:
    people = {h["id"]: f"{h['first_name']} {h['last_name']}".strip() for h in data.get("people", ())}
    reports: dict[str, list[Mapping[str, Any]]] = {}
    for f in data.get("follow_ups", ()):
        if f["date"] <= today.isoformat():
            reports.setdefault(f["project_id"], []).append(f)
    out = []
    for p in data.get("projects", ()):
        signed = _d(p.get("convention_signed_on"))
        if p.get("status") not in FOLLOWED or signed is None:
            continue
        own = sorted(reports.get(p["id"], []), key=lambda f: f["date"])
        late = [s for s in follow_up_plan(signed, [dt.date.fromisoformat(f["date"]) for f in own], today) if s.state == "overdue"]
        who = people.get(p.get("mandatary_id") or "", "")
        if late:
            first = late[0]
            days = (today - first.due_on).days
            text = (f"{names.get(p['id'], p['id'])} : rapport de suivi du {first.month}e mois en retard de "
                    f"{integer(days)} jours (attendu le {date_long(first.due_on)})"
                    + (f", mandataire {who}" if who else ""))
            out.append(Alert("follow_up_overdue", "critical" if days > 60 else "warning", text, "follow_up", p["id"]))
        if own and split_notes(own[-1].get("notes"))[0]:
            out.append(Alert("new_intervention", "info",
                             f"{names.get(p['id'], p['id'])} : le mandataire demande une nouvelle intervention "
                             f"du comité (rapport du {date_long(_d(own[-1]['date']))})", "follow_up", p["id"]))
    return out


def _repayment_alerts(data: Mapping[str, Any], rows: list[dict], names: dict[str, str]) -> list[Alert]:
    project_of = {e["id"]: e["project_id"] for e in data.get("engagements", ())}
    out = []
    for row in rows:
        if row["overdue_cents"] <= 0:
            continue
        days = row["days_late"]
        who = names.get(project_of.get(row["id"], ""), "")
        text = (f"Avance {row['id']} — {who} : {money(row['overdue_cents'])} d'échéances impayées, "
                f"{integer(days)} jours de retard")
        out.append(Alert("repayment_late", "critical" if days > 90 else "warning", text, "fund", row["id"]))
    return out


def _claim_alerts(data: Mapping[str, Any], rows: list[dict], today: dt.date) -> list[Alert]:
    """Insolvent companies still owing an advance: the claim deadline, near or past."""
    owed = {r["id"]: r["outstanding_cents"] for r in rows}
    projects_of: dict[str, list[str]] = {}
    owed_by_company: dict[str, int] = {}
    company_of = {p["id"]: p["company_id"] for p in data.get("projects", ())}
    for e in data.get("engagements", ()):
        cid = company_of.get(e["project_id"])
        if cid is not None and owed.get(e["id"], 0) > 0:
            owed_by_company[cid] = owed_by_company.get(cid, 0) + owed[e["id"]]
            projects_of.setdefault(cid, []).append(e["project_id"])
    out = []
    for c in data.get("companies", ()):
        ins = c.get("insolvency") or {}
        published = _d(ins.get("published_on"))
        if published is None or owed_by_company.get(c["id"], 0) <= 0:
            continue
        deadline = add_months(published, CLAIM_MONTHS)
        left = (deadline - today).days
        if left > CLAIM_NOTICE_DAYS:
            continue
        what = f"{c['name']} ({label(ins.get('procedure')).lower()}, encours {money(owed_by_company[c['id']])})"
        if left >= 0:
            text = f"{what} : déclarer la créance avant le {date_long(deadline)} ({integer(left)} jours restants)"
        else:
            text = f"{what} : délai de déclaration de créance dépassé depuis le {date_long(deadline)}"
        out.append(Alert("insolvency_claim", "critical", text, "projects", projects_of[c["id"]][-1]))
    return out


def _convention_alerts(data: Mapping[str, Any], today: dt.date) -> list[Alert]:
    convs = sorted(data.get("conventions", ()), key=lambda c: c["start"])
    for i, c in enumerate(convs):
        start = _d(c["start"])
        assert start is not None
        end = add_months(start, 36) - dt.timedelta(days=1)
        if not (start <= today <= end):
            continue
        if convs[i + 1:]:
            return []  # the next convention is already recorded
        if today >= add_months(end, -RENEWAL_NOTICE_MONTHS):
            text = (f"La convention de partenariat {c['id']} prend fin le {date_long(end)} : "
                    f"préparer son renouvellement ({integer((end - today).days)} jours restants)")
            return [Alert("convention_renewal", "warning", text, "conventions", c["id"])]
    return []


def compute_alerts(data: Mapping[str, Any], today: dt.date) -> list[Alert]:
    """Every alert on `today`, most urgent first."""
    companies = {c["id"]: c.get("name", "") for c in data.get("companies", ())}
    names = {p["id"]: f"{companies.get(p.get('company_id'), '')} — {p.get('title', '')}".strip(" —")
             for p in data.get("projects", ())}
    settings = (data.get("basin") or {}).get("settings") or {}
    _fund, advances = fund_figures(data, today)
    alerts = [*_follow_up_alerts(data, today, names), *_repayment_alerts(data, advances, names),
              *_claim_alerts(data, advances, today), *_convention_alerts(data, today)]
    active = sum(1 for p in data.get("partners", ()) if p.get("kind") == "company" and p.get("active"))
    if active < MIN_ACTIVE_COMPANIES:
        alerts.append(Alert("few_companies", "critical",
                            f"Seulement {integer(active)} entreprise(s) partenaire(s) active(s) : le programme "
                            f"en demande au moins {MIN_ACTIVE_COMPANIES}", "partners"))
    cap = int(settings.get("operator_reimbursement_cap_cents") or 1_000_000)
    used = sum(int(x["amount_cents"]) for x in data.get("expenses", ())
               if x.get("category") == "operator_reimbursement" and x["date"][:4] == str(today.year)
               and x["date"] <= today.isoformat())
    if cap > 0 and used >= REIMBURSEMENT_WARNING * cap:
        alerts.append(Alert("reimbursement_cap", "critical" if used >= cap else "warning",
                            f"Défraiement de l'opérateur {today.year} : {money(used)} sur un plafond de "
                            f"{money(cap)} ({percent(used / cap, 0)})", "fund"))
    balance = account_balances(data, today)["advances_cents"]
    if balance < FUND_CRITICAL_SIZE_CENTS:
        alerts.append(Alert("fund_low", "warning",
                            f"Solde du fonds d'avances : {money(balance)}, sous sa taille critique de "
                            f"{money(FUND_CRITICAL_SIZE_CENTS)}", "fund"))
    return sorted(alerts, key=lambda a: SEVERITY_ORDER[a.severity])


def basin_alerts(engine: Engine, today: dt.date) -> list[Alert]:
    """The alerts of the database's basin (none when it holds no basin yet)."""
    from alize_desktop.interchange.exporter import export_basin

    try:
        data = export_basin(engine)
    except LookupError:
        return []
    return compute_alerts(data, today)
