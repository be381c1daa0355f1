"""Export of the whole basin as a format v1 dict (the plain data every non-UI consumer reads).

Rows are read with plain SQL in insertion order, so an imported document comes back in its own
order, and without ORM or type processing: SQLite already stores dates as ISO text, which is
what format v1 writes, so a network-size basin (250,000 repayments) exports in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the readers are plain SQL: an Engine, a Connection or db.PlainEngine will do
    from sqlalchemy import Connection, Engine, Row

from .format_v1 import FORMAT, VERSION

# A project's scope: the rows that hang on one project, as SQL conditions on each table (the
# other tables, small whatever the basin's age, are read whole). `?` is the project's id.
_PROJECT_SCOPE = {
    "project": "id = ?",
    "company": "id IN (SELECT company_id FROM project WHERE id = ?)",
    "project_support": "project_id = ?",
    "engagement": "project_id = ?",
    "disbursement": "engagement_id IN (SELECT id FROM engagement WHERE project_id = ?)",
    "repayment": "engagement_id IN (SELECT id FROM engagement WHERE project_id = ?)",
    "write_off": "engagement_id IN (SELECT id FROM engagement WHERE project_id = ?)",
    "follow_up": "project_id = ?",
    "meeting": "id IN (SELECT meeting_id FROM agenda_item WHERE project_id = ?)",
    "attendance": "meeting_id IN (SELECT meeting_id FROM agenda_item WHERE project_id = ?)",
    "agenda_item": "project_id = ?",
    "item_vote": "item_pk IN (SELECT pk FROM agenda_item WHERE project_id = ?)",
    "item_conflict": "item_pk IN (SELECT pk FROM agenda_item WHERE project_id = ?)",
}


class _Reader:
    """Reads a table's rows in insertion order, the whole table or one project's scope."""

    def __init__(self, conn: Connection, project_id: str | None = None):
        self.conn, self.project_id = conn, project_id

    def __call__(self, table: str, columns: str) -> list[Row[Any]]:
        condition = _PROJECT_SCOPE.get(table) if self.project_id is not None else None
        if condition is None:
            return list(self.conn.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY rowid"))  # noqa: S608 - fixed names
        sql = f"SELECT {columns} FROM {table} WHERE {condition} ORDER BY rowid"  # noqa: S608 - fixed names
        return list(self.conn.exec_driver_sql(sql, (self.project_id,)))


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def last_change_stamp(conn: Connection) -> dt.datetime:
    """The time of the last recorded write (journal): the default `exported_at`, so that unchanged
    data export to the same bytes. Every way a basin enters the base (import, creation) journals."""
    last = conn.exec_driver_sql("SELECT max(at) FROM journal").scalar()
    if last is None:
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC).astimezone()
    if isinstance(last, str):  # raw SQLite text, as SQLAlchemy's DateTime stores it
        last = dt.datetime.fromisoformat(last)
    if last.tzinfo is None:  # SQLite keeps the UTC value without its offset
        last = last.replace(tzinfo=dt.UTC)
    return last.astimezone()


def export_basin(source: Engine | Connection, exported_at: dt.datetime | None = None) -> dict[str, Any]:
    """The whole basin in format v1. Raises LookupError when the database holds no basin yet."""
    if hasattr(source, "connect"):  # an engine: SQLAlchemy's, or db.PlainEngine
        with source.connect() as conn:
            return _export(_Reader(conn), exported_at)
    return _export(_Reader(source), exported_at)


def export_project_scope(source: Engine | Connection, project_id: str) -> dict[str, Any]:
    """The basin in format v1 as one project's documents see it: the project, its company, its
    means and their movements, its follow-ups, the comités that examined it (with only its own
    items), beside the basin's small tables (partners, people, conventions…) read whole. A
    cooperation convention built from it has the bytes of one built from the whole basin, and
    reads the same few rows whether the basin holds 25 projects or 10,000."""
    if hasattr(source, "connect"):  # an engine: SQLAlchemy's, or db.PlainEngine
        with source.connect() as conn:
            return _export(_Reader(conn, project_id), None)
    return _export(_Reader(source, project_id), None)


def _export(_rows: _Reader, exported_at: dt.datetime | None) -> dict[str, Any]:
    conn = _rows.conn
    basins = _rows("basin", "name, territory, priority_criteria, operator_name, operator_siret, "
                   "operator_address, operator_representative, operator_email, advances_bank, advances_iban, "
                   "operating_bank, operating_iban, quorum_fraction, jobs_target_per_year, examined_target_per_year, "
                   "approved_target_per_year, budget_target_cents, loss_rate_benchmark, "
                   "operator_reimbursement_cap_cents")
    if not basins:
        raise LookupError("la base ne contient pas encore de bassin (importez un fichier ou créez-le)")
    (name, territory, criteria, op_name, op_siret, op_address, op_rep, op_email, adv_bank, adv_iban, opg_bank,
     opg_iban, quorum, jobs, examined, approved, budget, loss, cap) = basins[0]
    stamp = (exported_at or last_change_stamp(conn)).isoformat(timespec="seconds")
    out: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "exported_at": stamp,
        "basin": {
            "name": name, "territory": territory, "priority_criteria": json.loads(criteria or "[]"),
            "operator": {"name": op_name, "siret": op_siret, "address": op_address, "representative": op_rep,
                         "email": op_email},
            "accounts": {"advances": {"bank": adv_bank, "iban": adv_iban},
                         "operating": {"bank": opg_bank, "iban": opg_iban}},
            "settings": {"quorum_fraction": quorum, "jobs_target_per_year": jobs, "examined_target_per_year": examined,
                         "approved_target_per_year": approved, "budget_target_cents": budget,
                         "loss_rate_benchmark": loss, "operator_reimbursement_cap_cents": cap},
        },
    }
    out["conventions"] = [
        {"id": i, "start": s, "specific_objectives": o, "labour_market": lm, "signed_on": so}
        for i, s, o, lm, so in _rows("convention", "id, start, specific_objectives, labour_market, signed_on")]
    out["partners"] = [
        {"id": i, "kind": k, "name": n, "siret": s, "address": a, "active": bool(act)}
        for i, k, n, s, a, act in _rows("partner", "id, kind, name, siret, address, active")]
    out["people"] = [
        {"id": i, "partner_id": p, "first_name": f, "last_name": la, "role": r, "email": e, "phone": ph,
         "committee_member": bool(cm), "active": bool(act)}
        for i, p, f, la, r, e, ph, cm, act in _rows("person", "id, partner_id, first_name, last_name, role, email, phone, committee_member, active")]
    out["commitments"] = [
        {"id": i, "convention_id": c, "partner_id": p, "year": y, "nature": n, "amount_cents": a, "days": d,
         "description": de}
        for i, c, p, y, n, a, d, de in _rows("commitment", "id, convention_id, partner_id, year, nature, amount_cents, days, description")]
    out["receipts"] = [
        {"id": i, "account": acc, "partner_id": p, "date": d, "amount_cents": a}
        for i, acc, p, d, a in _rows("receipt", "id, account, partner_id, date, amount_cents")]
    out["support_schemes"] = [{"id": i, "name": n, "kind": k} for i, n, k in _rows("support_scheme", "id, name, kind")]
    out["companies"] = [_company(r) for r in _rows("company", "id, name, siret, legal_form, naf, created_on, headcount, address, manager, "
        "insolvency_procedure, insolvency_judgment_on, insolvency_published_on")]
    supports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for project_id, scheme_id, amount, _pos in sorted(
            _rows("project_support", "project_id, scheme_id, amount_cents, position"), key=lambda r: (r[0], r[3])):
        supports[project_id].append({"scheme_id": scheme_id, "amount_cents": amount})
    out["projects"] = [_project(r, supports.get(r[0], [])) for r in _rows("project", "id, company_id, title, type, received_on, prescriber_id, diagnostic, complementary_diagnostic, "
        "has_scores, score_quality, score_holder, score_impact, jobs_planned_created, jobs_planned_maintained, status, "
        "mandatary_id, convention_signed_on")]
    out["meetings"] = _meetings(_rows)
    out["engagements"] = [_engagement(r) for r in _rows("engagement", "id, project_id, meeting_id, kind, partner_id, amount_cents, days, description, "
        "duration_months, deferral_months, period_months, annual_rate, first_due_on")]
    for table, name in (("disbursement", "disbursements"), ("repayment", "repayments")):
        out[name] = [{"id": i, "engagement_id": e, "date": d, "amount_cents": a}
                     for i, e, d, a in _rows(table, "id, engagement_id, date, amount_cents")]
    out["write_offs"] = [
        {"id": i, "engagement_id": e, "date": d, "amount_cents": a, "reason": r}
        for i, e, d, a, r in _rows("write_off", "id, engagement_id, date, amount_cents, reason")]
    out["follow_ups"] = [
        {"id": i, "project_id": p, "date": d, "author_id": au, "jobs_created": jc, "jobs_maintained": jm,
         "skills_days_delivered": sd, "notes": n}
        for i, p, d, au, jc, jm, sd, n in _rows("follow_up", "id, project_id, date, author_id, jobs_created, jobs_maintained, "
            "skills_days_delivered, notes")]
    out["expenses"] = [
        {"id": i, "account": acc, "date": d, "amount_cents": a, "category": c, "label": la}
        for i, acc, d, a, c, la in _rows("expense", "id, account, date, amount_cents, category, label")]
    return out


def _company(r: Row[Any]) -> dict[str, Any]:
    (i, name, siret, form, naf, created, headcount, address, manager, procedure, judgment, published) = r
    insolvency = ({"procedure": procedure, "judgment_on": judgment, "published_on": published}
                  if procedure else None)
    return {"id": i, "name": name, "siret": siret, "legal_form": form, "naf": naf, "created_on": created,
            "headcount": headcount, "address": address, "manager": manager, "insolvency": insolvency}


def _project(r: Row[Any], supports: list[dict[str, Any]]) -> dict[str, Any]:
    (i, company, title, kind, received, prescriber, diagnostic, complementary, has_scores, quality, holder, impact,
     created, maintained, status, mandatary, signed) = r
    scores = {"quality": quality, "holder": holder, "impact": impact} if has_scores else None
    return {"id": i, "company_id": company, "title": title, "type": kind, "received_on": received,
            "prescriber_id": prescriber, "diagnostic": diagnostic, "complementary_diagnostic": complementary,
            "scores": scores, "jobs_planned_created": created, "jobs_planned_maintained": maintained,
            "status": status, "other_supports": supports, "mandatary_id": mandatary, "convention_signed_on": signed}


def _engagement(r: Row[Any]) -> dict[str, Any]:
    (i, project, meeting, kind, partner, amount, days, description, duration, deferral, period, rate, first_due) = r
    terms = None
    if duration is not None:
        terms = {"duration_months": duration, "deferral_months": deferral, "period_months": period,
                 "annual_rate": float(rate or 0.0), "first_due_on": first_due}
    return {"id": i, "project_id": project, "meeting_id": meeting, "kind": kind, "partner_id": partner,
            "amount_cents": amount, "days": days, "description": description, "terms": terms}


def _meetings(_rows: _Reader) -> list[dict[str, Any]]:
    attendance: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"present": [], "excused": []})
    for meeting_id, person_id, status, _pos in sorted(
            _rows("attendance", "meeting_id, person_id, status, position"), key=lambda a: (a[0], a[3])):
        attendance[meeting_id][status].append(person_id)
    votes: dict[int, dict[str, str]] = defaultdict(dict)
    for item_pk, person_id, vote, _pos in sorted(
            _rows("item_vote", "item_pk, person_id, vote, position"), key=lambda v: (v[0], v[3])):
        votes[item_pk][person_id] = vote
    conflicts: dict[int, list[str]] = defaultdict(list)
    for item_pk, person_id, _pos in sorted(
            _rows("item_conflict", "item_pk, person_id, position"), key=lambda c: (c[0], c[2])):
        conflicts[item_pk].append(person_id)
    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (pk, meeting_id, project_id, position, decision, notes, recorded, t_for, t_against, t_abstain) in sorted(
            _rows("agenda_item", "pk, meeting_id, project_id, position, decision, notes, votes_recorded, "
                  "totals_for, totals_against, totals_abstain"), key=lambda i: (i[1], i[3], i[0])):
        totals = None if t_for is None else {"for": t_for, "against": t_against, "abstain": t_abstain}
        items[meeting_id].append({
            "project_id": project_id, "position": position, "conflicts": conflicts.get(pk, []),
            "votes": dict(votes.get(pk, {})) if recorded else None, "vote_totals": totals,
            "decision": decision, "notes": notes})
    return [{"id": i, "date": d, "place": pl, "president_id": pr, "present": attendance[i]["present"],
             "excused": attendance[i]["excused"], "quorum_override": qo, "items": items.get(i, [])}
            for i, d, pl, pr, qo in _rows("meeting", "id, date, place, president_id, quorum_override")]


class ProjectScopes:
    """Each project's scope cut from one whole-basin export, for a run that prints many projects'
    documents from the same read (the ASTREES bundle): equal to `export_project_scope` for every
    project (a test holds them together), each cut costing the project's own rows only."""

    _MOVEMENTS = ("disbursements", "repayments", "write_offs")

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.projects = {p["id"]: p for p in data.get("projects", ())}
        self.companies = {c["id"]: c for c in data.get("companies", ())}
        self.engagements = _grouped(data.get("engagements", ()), "project_id")
        self.follow_ups = _grouped(data.get("follow_ups", ()), "project_id")
        self.movements = {name: _grouped(data.get(name, ()), "engagement_id") for name in self._MOVEMENTS}
        self.meetings: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for meeting in data.get("meetings", ()):
            for project_id in dict.fromkeys(item["project_id"] for item in meeting["items"]):
                self.meetings[project_id].append(meeting)

    def of(self, project_id: str) -> dict[str, Any]:
        project = self.projects.get(project_id)
        out = dict(self.data)
        out["projects"] = [project] if project is not None else []
        company = self.companies.get(project["company_id"]) if project is not None else None
        out["companies"] = [company] if company is not None else []
        engagements = self.engagements.get(project_id, [])
        out["engagements"] = [e for _i, e in engagements]
        for name in self._MOVEMENTS:  # in the basin's order, as the SQL scope reads them (rowid)
            rows = [row for _i, e in engagements for row in self.movements[name].get(e["id"], [])]
            out[name] = [r for _i, r in sorted(rows, key=lambda pair: pair[0])]
        out["follow_ups"] = [f for _i, f in self.follow_ups.get(project_id, [])]
        out["meetings"] = [{**m, "items": [i for i in m["items"] if i["project_id"] == project_id]}
                           for m in self.meetings.get(project_id, [])]
        return out


def _grouped(rows: Any, key: str) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[row[key]].append((index, row))
    return groups
