"""Read a snapshot from the database: one plain query per table, no ORM, no format v1 detour.

Rows come straight from the SQLite cursor in insertion order (the order the import keeps).
SQLite stores dates as ISO text; each distinct date string is parsed once (a network basin has
300 000 dated movements but only a few thousand distinct days), which also makes equal dates
share one object.

`load_project_slice` reads only what one project's documents and file need (the project, its
company, its meetings and their people, its engagements and their movements): its cost does not
grow with the size of the basin.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # read through a SQLAlchemy connection or db.PlainConnection alike
    from sqlalchemy import Connection, Engine
    from typing_extensions import TypeIs

from alize_desktop.memory import long_lived

from . import records as r
from .snapshot import NotRead, Snapshot

Where = tuple[str, Sequence[Any]]  # (" WHERE …", parameters)
NO_WHERE: Where = ("", ())


class _Dates:
    """ISO text → date, each distinct text parsed once."""

    def __init__(self) -> None:
        self.cache: dict[str, dt.date] = {}

    def __call__(self, text: str | None) -> dt.date | None:
        if text is None:
            return None
        day = self.cache.get(text)
        if day is None:
            day = self.cache[text] = dt.date.fromisoformat(text)
        return day


def _is_engine(source: Engine | Connection) -> TypeIs[Engine]:
    """An engine (SQLAlchemy's or db.PlainEngine) makes connections; a connection does not."""
    return hasattr(source, "connect")


def _raw(conn: Connection) -> sqlite3.Connection:
    return conn.connection.dbapi_connection  # type: ignore[return-value]


def load_snapshot(source: Engine | Connection) -> Snapshot:
    """The whole basin; `Snapshot.basin` is None when the database holds no basin yet."""
    if _is_engine(source):
        with source.connect() as conn:
            return load_snapshot(conn)
    with long_lived():
        return _Loader(_raw(source)).snapshot()


ENTRY_LISTS = {"disbursement": "disbursements", "repayment": "repayments", "write_off": "write_offs",
               "receipt": "receipts", "expense": "expenses"}


def reload_entries(source: Connection, snap: Snapshot, touched: Mapping[str, set[str]]) -> Snapshot:
    """`snap` after entries were added or removed: `touched` maps a kind (ENTRY_LISTS) to the ids
    written since. Only those rows are read; the rest of the snapshot is carried over."""
    loader = _Loader(_raw(source))
    changed: dict[str, tuple[Any, ...]] = {}
    advances: set[str] = set()
    with long_lived():
        for kind, ids in touched.items():
            name = ENTRY_LISTS[kind]
            old = getattr(snap, name)
            fresh = loader.entries(kind, sorted(ids))
            if kind in ("disbursement", "repayment", "write_off"):
                advances.update(x.engagement_id for x in old if x.id in ids)
                advances.update(x.engagement_id for x in fresh)
            # Rows written since come last, as in the database (insertion order).
            changed[name] = tuple([x for x in old if x.id not in ids]) + fresh
        return snap.with_entries(changed, {(k, i) for k, ids in touched.items() for i in ids}, advances)


# What the head of a report reads (rules.report.summary_of: the years' meetings, examined and
# approved projects and jobs, the resources): a few hundred rows even on a network basin.
REPORT_HEAD = ("conventions", "partners", "commitments", "meetings", "follow_ups")


def load_report_head(source: Engine | Connection) -> Snapshot:
    """The basin with only the lists of REPORT_HEAD; every other list is `NotRead` (using it raises).
    The dashboard shows its figures from it at once, before the whole basin (300 000 movements on
    a network basin) is read for its alerts and charts."""
    if _is_engine(source):
        with source.connect() as conn:
            return load_report_head(conn)
    loader = _Loader(_raw(source))
    basin = loader.basin()
    if basin is None:
        return Snapshot(None)
    lists: dict[str, Any] = {f.name: NotRead(f.name) for f in dataclasses.fields(Snapshot)
                             if f.name not in ("basin", "complete", "memo", "touched")}
    lists.update({name: getattr(loader, name)() for name in REPORT_HEAD})
    return Snapshot(basin, **lists)


def load_project_slice(source: Engine | Connection, project_id: str) -> Snapshot:
    """One project with what its documents read: company, meetings (with their people), engagements
    and their movements, follow-ups, partners, conventions and schemes. `complete` is False."""
    if _is_engine(source):
        with source.connect() as conn:
            return load_project_slice(conn, project_id)
    return _Loader(_raw(source)).project_slice(project_id)  # a few hundred records: nothing to freeze


class _Loader:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.date = _Dates()

    def rows(self, sql: str, where: Where = NO_WHERE) -> list[tuple[Any, ...]]:
        clause, params = where
        return self.con.execute(sql + clause + " ORDER BY rowid", params).fetchall()

    def basin(self) -> r.Basin | None:
        rows = self.rows(
            "SELECT name, territory, priority_criteria, operator_name, operator_siret, operator_address, "
            "operator_representative, operator_email, advances_bank, advances_iban, operating_bank, operating_iban, "
            "quorum_fraction, jobs_target_per_year, examined_target_per_year, approved_target_per_year, "
            "budget_target_cents, loss_rate_benchmark, operator_reimbursement_cap_cents FROM basin")
        if not rows:
            return None
        b = rows[0]
        return r.Basin(b[0], b[1], tuple(json.loads(b[2] or "[]")), r.Operator(*b[3:8]),
                       r.BankAccount(b[8], b[9]), r.BankAccount(b[10], b[11]), r.Settings(*b[12:19]))

    def snapshot(self) -> Snapshot:
        basin = self.basin()
        if basin is None:
            return Snapshot(None)
        return Snapshot(
            basin,
            conventions=self.conventions(), partners=self.partners(), people=self.people(),
            commitments=self.commitments(), receipts=self.receipts(), support_schemes=self.schemes(),
            companies=self.companies(), projects=self.projects(), meetings=self.meetings(),
            engagements=self.engagements(), disbursements=self.movements("disbursement", r.Disbursement),
            repayments=self.movements("repayment", r.Repayment), write_offs=self.write_offs(),
            follow_ups=self.follow_ups(), expenses=self.expenses())

    def project_slice(self, project_id: str) -> Snapshot:
        basin = self.basin()
        if basin is None:
            return Snapshot(None, complete=False)
        projects = self.projects((" WHERE id = ?", (project_id,)))
        company_ids = [p.company_id for p in projects]
        companies = self.companies(_in("id", company_ids))
        meeting_ids = [row[0] for row in self.con.execute(
            "SELECT DISTINCT meeting_id FROM agenda_item WHERE project_id = ?", (project_id,))]
        engagements = self.engagements((" WHERE project_id = ?", (project_id,)))
        meeting_ids += [e.meeting_id for e in engagements if e.meeting_id and e.meeting_id not in meeting_ids]
        eids = [e.id for e in engagements]
        return Snapshot(
            basin, conventions=self.conventions(), partners=self.partners(), people=self.people(),
            commitments=self.commitments(), receipts=(), support_schemes=self.schemes(), companies=companies,
            projects=projects, meetings=self.meetings(_in("id", meeting_ids)), engagements=engagements,
            disbursements=self.movements("disbursement", r.Disbursement, _in("engagement_id", eids)),
            repayments=self.movements("repayment", r.Repayment, _in("engagement_id", eids)),
            write_offs=self.write_offs(_in("engagement_id", eids)),
            follow_ups=self.follow_ups((" WHERE project_id = ?", (project_id,))), expenses=(), complete=False)

    # --- one method per table ------------------------------------------------------------------

    def conventions(self) -> tuple[r.Convention, ...]:
        d = self.date
        return tuple(r.Convention(i, d(s), o, lm, d(so)) for i, s, o, lm, so in self.rows(  # type: ignore[arg-type]
            "SELECT id, start, specific_objectives, labour_market, signed_on FROM convention"))

    def partners(self) -> tuple[r.Partner, ...]:
        return tuple(r.Partner(i, r.code(r.PartnerKind, k), n, s, a, bool(act))
                     for i, k, n, s, a, act in self.rows("SELECT id, kind, name, siret, address, active FROM partner"))

    def people(self) -> tuple[r.Person, ...]:
        return tuple(r.Person(i, p, f, la, ro, e, ph, bool(cm), bool(act)) for i, p, f, la, ro, e, ph, cm, act in self.rows(
            "SELECT id, partner_id, first_name, last_name, role, email, phone, committee_member, active FROM person"))

    def commitments(self) -> tuple[r.Commitment, ...]:
        return tuple(r.Commitment._make(row) for row in self.rows(
            "SELECT id, convention_id, partner_id, year, nature, amount_cents, days, description FROM commitment"))

    def receipts(self, where: Where = NO_WHERE) -> tuple[r.Receipt, ...]:
        d = self.date
        return tuple(r.Receipt(i, r.code(r.Account, acc), p, d(dd), a)  # type: ignore[arg-type]
                     for i, acc, p, dd, a in self.rows("SELECT id, account, partner_id, date, amount_cents FROM receipt",
                                                       where))

    def schemes(self) -> tuple[r.SupportScheme, ...]:
        return tuple(r.SupportScheme._make(row) for row in self.rows("SELECT id, name, kind FROM support_scheme"))

    def companies(self, where: Where = NO_WHERE) -> tuple[r.Company, ...]:
        d = self.date
        out = []
        for (i, name, siret, form, naf, created, headcount, address, manager, procedure, judgment,
             published) in self.rows(
                "SELECT id, name, siret, legal_form, naf, created_on, headcount, address, manager, "
                "insolvency_procedure, insolvency_judgment_on, insolvency_published_on FROM company", where):
            insolvency = r.Insolvency(procedure, d(judgment), d(published)) if procedure else None
            out.append(r.Company(i, name, siret, form, naf, d(created), headcount, address, manager, insolvency))
        return tuple(out)

    def projects(self, where: Where = NO_WHERE) -> tuple[r.Project, ...]:
        d = self.date
        clause = where[0].replace(" id ", " project_id ") if where[0] else ""
        supports: dict[str, list[r.OtherSupport]] = defaultdict(list)
        for pid, scheme, amount, _pos in sorted(self.rows(
                "SELECT project_id, scheme_id, amount_cents, position FROM project_support", (clause, where[1])),
                key=lambda s: (s[0], s[3])):
            supports[pid].append(r.OtherSupport(scheme, amount))
        out = []
        for (i, company, title, kind, received, prescriber, diagnostic, complementary, has_scores, quality, holder,
             impact, created, maintained, status, mandatary, signed) in self.rows(
                "SELECT id, company_id, title, type, received_on, prescriber_id, diagnostic, complementary_diagnostic, "
                "has_scores, score_quality, score_holder, score_impact, jobs_planned_created, jobs_planned_maintained, "
                "status, mandatary_id, convention_signed_on FROM project", where):
            scores = r.Scores(quality, holder, impact) if has_scores else None
            out.append(r.Project(i, company, title, kind, d(received), prescriber, diagnostic, complementary, scores,
                                 created, maintained, r.code(r.ProjectStatus, status),
                                 tuple(supports.get(i, ())), mandatary, d(signed)))
        return tuple(out)

    def meetings(self, where: Where = NO_WHERE) -> tuple[r.Meeting, ...]:
        d = self.date
        rows = self.rows("SELECT id, date, place, president_id, quorum_override FROM meeting", where)
        if not rows:
            return ()
        sub = _in("meeting_id", [row[0] for row in rows]) if where[0] else NO_WHERE
        attendance: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"present": [], "excused": []})
        for mid, pid, status, _pos in sorted(self.rows(
                "SELECT meeting_id, person_id, status, position FROM attendance", sub), key=lambda a: (a[0], a[3])):
            attendance[mid][status].append(pid)
        items = self._items(sub)
        return tuple(r.Meeting(i, d(dd), pl, pr, tuple(attendance[i]["present"]),  # type: ignore[arg-type]
                               tuple(attendance[i]["excused"]), None if qo is None else bool(qo),
                               tuple(items.get(i, ()))) for i, dd, pl, pr, qo in rows)

    def _items(self, where: Where) -> dict[str, list[r.AgendaItem]]:
        rows = sorted(self.rows(
            "SELECT pk, meeting_id, project_id, position, decision, notes, votes_recorded, totals_for, "
            "totals_against, totals_abstain FROM agenda_item", where), key=lambda i: (i[1], i[3], i[0]))
        pks = _in("item_pk", [row[0] for row in rows]) if where[0] else NO_WHERE
        votes: dict[int, dict[str, str]] = defaultdict(dict)
        for pk, pid, vote, _pos in sorted(self.rows("SELECT item_pk, person_id, vote, position FROM item_vote", pks),
                                          key=lambda v: (v[0], v[3])):
            votes[pk][pid] = vote
        conflicts: dict[int, list[str]] = defaultdict(list)
        for pk, pid, _pos in sorted(self.rows("SELECT item_pk, person_id, position FROM item_conflict", pks),
                                    key=lambda c: (c[0], c[2])):
            conflicts[pk].append(pid)
        items: dict[str, list[r.AgendaItem]] = defaultdict(list)
        for pk, mid, pid, position, decision, notes, recorded, t_for, t_against, t_abstain in rows:
            totals = None if t_for is None else r.VoteTotals(t_for, t_against, t_abstain)
            items[mid].append(r.AgendaItem(mid, pid, position, tuple(conflicts.get(pk, ())),
                                           dict(votes.get(pk, {})) if recorded else None, totals,
                                           r.code(r.Decision, decision), notes))
        return items

    def engagements(self, where: Where = NO_WHERE) -> tuple[r.Engagement, ...]:
        d = self.date
        out = []
        for (i, project, meeting, kind, partner, amount, days, description, duration, deferral, period, rate,
             first_due) in self.rows(
                "SELECT id, project_id, meeting_id, kind, partner_id, amount_cents, days, description, "
                "duration_months, deferral_months, period_months, annual_rate, first_due_on FROM engagement", where):
            terms = None if duration is None else r.Terms(duration, deferral or 0, period, float(rate or 0.0), d(first_due))
            out.append(r.Engagement(i, project, meeting, r.code(r.EngagementKind, kind),
                                    partner, amount, days, description, terms))
        return tuple(out)

    def movements(self, table: str, make: type[Any], where: Where = NO_WHERE) -> tuple[Any, ...]:
        # The hot loop of a network basin (250 000 repayments): the date cache is read inline and the
        # tuple built without the keyword-argument machinery of a NamedTuple's __new__.
        d, known, new = self.date, self.date.cache.get, tuple.__new__
        return tuple([new(make, (i, e, known(dd) or d(dd), a)) for i, e, dd, a in self.rows(
            f"SELECT id, engagement_id, date, amount_cents FROM {table}", where)])  # noqa: S608 - fixed names

    def write_offs(self, where: Where = NO_WHERE) -> tuple[r.WriteOff, ...]:
        d = self.date
        return tuple(r.WriteOff(i, e, d(dd), a, reason) for i, e, dd, a, reason in self.rows(  # type: ignore[arg-type]
            "SELECT id, engagement_id, date, amount_cents, reason FROM write_off", where))

    def follow_ups(self, where: Where = NO_WHERE) -> tuple[r.FollowUp, ...]:
        d = self.date
        return tuple(r.FollowUp(i, p, d(dd), au, jc, jm, sd, n)  # type: ignore[arg-type]
                     for i, p, dd, au, jc, jm, sd, n in self.rows(
                         "SELECT id, project_id, date, author_id, jobs_created, jobs_maintained, "
                         "skills_days_delivered, notes FROM follow_up", where))

    def expenses(self, where: Where = NO_WHERE) -> tuple[r.Expense, ...]:
        d = self.date
        return tuple(r.Expense(i, r.code(r.Account, acc), d(dd), a,  # type: ignore[arg-type]
                               r.code(r.ExpenseCategory, c), la)
                     for i, acc, dd, a, c, la in self.rows(
                         "SELECT id, account, date, amount_cents, category, label FROM expense", where))

    def entries(self, kind: str, ids: Sequence[str]) -> tuple[Any, ...]:
        """The entries of one kind (disbursement, repayment, write_off, receipt, expense) with these ids."""
        where = _in("id", ids)
        if kind == "disbursement":
            return self.movements("disbursement", r.Disbursement, where)
        if kind == "repayment":
            return self.movements("repayment", r.Repayment, where)
        if kind == "write_off":
            return self.write_offs(where)
        if kind == "receipt":
            return self.receipts(where)
        return self.expenses(where)


def _in(column: str, values: Sequence[Any]) -> Where:
    if not values:
        return (" WHERE 0", ())
    return (f" WHERE {column} IN ({', '.join('?' * len(values))})", tuple(values))
