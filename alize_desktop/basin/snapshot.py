"""One frozen, typed, id-indexed view of a whole basin (or of the slice a reader asked for).

Lists keep the document order (the database's insertion order, which the import keeps), so a
figure computed from a snapshot comes out in the same order as from the format v1 document.
Indexes by id and the relations a reader needs (a project's engagements, meetings and
follow-ups; an advance's disbursements, repayments and write-offs) are built on first use and
kept: nothing in a snapshot ever changes, so neither can they.

`memo` is where computed figures are kept for this snapshot (rules.figures): a new snapshot
(after any write) starts with an empty one, so a figure can never outlive the facts it was
computed from.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from . import records as r

T = TypeVar("T", bound=tuple)


def _by_id(rows: Iterable[T]) -> dict[str, T]:
    return {row.id: row for row in rows}  # type: ignore[attr-defined]


def _group(rows: Iterable[T], key: str) -> dict[str, tuple[T, ...]]:
    out: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        out[getattr(row, key)].append(row)
    return {k: tuple(v) for k, v in out.items()}


class NotRead(tuple):
    """A list a partial snapshot did not read (load_report_head): using it raises, so that a figure
    can never be computed from an empty list that only looks like "none"."""

    def __new__(cls, name: str) -> NotRead:
        made = super().__new__(cls)
        made.name = name  # type: ignore[attr-defined]
        return made

    def _refuse(self, *_args: Any) -> Any:
        raise LookupError(f"snapshot partiel : la liste {self.name} n'a pas été lue")  # type: ignore[attr-defined]

    __iter__ = __len__ = __getitem__ = __bool__ = __contains__ = _refuse


class AdvanceMovements(NamedTuple):
    """Every movement of one advance, each list in document order."""

    disbursements: tuple[r.Disbursement, ...] = ()
    repayments: tuple[r.Repayment, ...] = ()
    write_offs: tuple[r.WriteOff, ...] = ()


NO_MOVEMENTS = AdvanceMovements()


@dataclasses.dataclass(frozen=True, eq=False)
class Snapshot:
    """The basin's facts. `basin` is None when the database holds no basin yet."""

    basin: r.Basin | None
    conventions: tuple[r.Convention, ...] = ()
    partners: tuple[r.Partner, ...] = ()
    people: tuple[r.Person, ...] = ()
    commitments: tuple[r.Commitment, ...] = ()
    receipts: tuple[r.Receipt, ...] = ()
    support_schemes: tuple[r.SupportScheme, ...] = ()
    companies: tuple[r.Company, ...] = ()
    projects: tuple[r.Project, ...] = ()
    meetings: tuple[r.Meeting, ...] = ()
    engagements: tuple[r.Engagement, ...] = ()
    disbursements: tuple[r.Disbursement, ...] = ()
    repayments: tuple[r.Repayment, ...] = ()
    write_offs: tuple[r.WriteOff, ...] = ()
    follow_ups: tuple[r.FollowUp, ...] = ()
    expenses: tuple[r.Expense, ...] = ()
    # A slice (load_project_slice) holds only some projects: whole-basin figures are refused on it.
    complete: bool = True
    memo: dict[Any, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    # Set by `with_entries`: the (kind, id) of the entries that differ from the snapshot this one
    # was derived from, so a reader can update what it built from that one (its memo entries
    # carried over under ("previous", key)) rather than build it again.
    touched: frozenset[tuple[str, str]] = dataclasses.field(default=frozenset(), repr=False, compare=False)

    # --- settings --------------------------------------------------------------------------

    @property
    def settings(self) -> r.Settings:
        return self.basin.settings if self.basin is not None else r.Settings()

    # --- by id -------------------------------------------------------------------------------

    @cached_property
    def partner(self) -> dict[str, r.Partner]:
        return _by_id(self.partners)

    @cached_property
    def person(self) -> dict[str, r.Person]:
        return _by_id(self.people)

    @cached_property
    def convention(self) -> dict[str, r.Convention]:
        return _by_id(self.conventions)

    @cached_property
    def company(self) -> dict[str, r.Company]:
        return _by_id(self.companies)

    @cached_property
    def project(self) -> dict[str, r.Project]:
        return _by_id(self.projects)

    @cached_property
    def meeting(self) -> dict[str, r.Meeting]:
        return _by_id(self.meetings)

    @cached_property
    def engagement(self) -> dict[str, r.Engagement]:
        return _by_id(self.engagements)

    # --- relations ---------------------------------------------------------------------------

    @cached_property
    def advances(self) -> tuple[r.Engagement, ...]:
        """The repayable advances, in document order: the only engagements with fund movements."""
        return tuple(e for e in self.engagements if e.kind == "repayable_advance")

    @cached_property
    def _movements(self) -> dict[str, AdvanceMovements]:
        ds = _group(self.disbursements, "engagement_id")
        rs = _group(self.repayments, "engagement_id")
        ws = _group(self.write_offs, "engagement_id")
        return {eid: AdvanceMovements(ds.get(eid, ()), rs.get(eid, ()), ws.get(eid, ()))
                for eid in ds.keys() | rs.keys() | ws.keys()}

    def movements(self, engagement_id: str) -> AdvanceMovements:
        """An advance's disbursements, repayments and write-offs."""
        return self._movements.get(engagement_id, NO_MOVEMENTS)

    @cached_property
    def _engagements_by_project(self) -> dict[str, tuple[r.Engagement, ...]]:
        return _group(self.engagements, "project_id")

    def engagements_of(self, project_id: str) -> tuple[r.Engagement, ...]:
        return self._engagements_by_project.get(project_id, ())

    @cached_property
    def _follow_ups_by_project(self) -> dict[str, tuple[r.FollowUp, ...]]:
        return _group(self.follow_ups, "project_id")

    def follow_ups_of(self, project_id: str) -> tuple[r.FollowUp, ...]:
        """A project's follow-up reports in document order."""
        return self._follow_ups_by_project.get(project_id, ())

    @cached_property
    def _items_by_project(self) -> dict[str, tuple[r.AgendaItem, ...]]:
        return _group((it for mt in self.meetings for it in mt.items), "project_id")

    def items_of(self, project_id: str) -> tuple[r.AgendaItem, ...]:
        """Every agenda item of a project (its meetings through `item.meeting_id`), meetings in order."""
        return self._items_by_project.get(project_id, ())

    def meetings_of(self, project_id: str) -> tuple[r.Meeting, ...]:
        return tuple(self.meeting[it.meeting_id] for it in self.items_of(project_id))

    def project_of(self, engagement_id: str) -> r.Project | None:
        e = self.engagement.get(engagement_id)
        return self.project.get(e.project_id) if e is not None else None

    def company_of(self, project_id: str) -> r.Company | None:
        p = self.project.get(project_id)
        return self.company.get(p.company_id) if p is not None else None

    # --- a write that only added or removed entries of the accounts and the fund ----------------

    def with_entries(self, changed: Mapping[str, tuple[Any, ...]], touched: Iterable[tuple[str, str]],
                     advances: Iterable[str]) -> Snapshot:
        """This snapshot with some entry lists replaced (`changed`: list name → new tuple).

        `touched` are the (kind, id) of the entries added or removed, `advances` the engagements
        they belong to. Everything that does not depend on them is carried over: the indexes of
        the unchanged lists, the movements of the other advances, and the memoised figures keyed
        by an untouched advance (`("schedule" | "advance", engagement id, …)`).
        """
        touched_advances = frozenset(advances)
        new = dataclasses.replace(self, **changed, memo={}, touched=frozenset(touched))  # type: ignore[arg-type]
        for name in _INDEXES:
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name]
        if "_movements" in self.__dict__:
            mv = dict(self.__dict__["_movements"])
            for eid in touched_advances:
                mv[eid] = AdvanceMovements(
                    tuple(x for x in new.disbursements if x.engagement_id == eid),
                    tuple(x for x in new.repayments if x.engagement_id == eid),
                    tuple(x for x in new.write_offs if x.engagement_id == eid))
            new.__dict__["_movements"] = mv
        for key, value in self.memo.items():
            if (isinstance(key, tuple) and len(key) >= 2 and key[0] in ("schedule", "advance")
                    and key[1] not in touched_advances):
                new.memo[key] = value
            elif isinstance(key, str):  # whole-snapshot values (the ledger): kept to be updated
                new.memo[("previous", key)] = value
        return new


# Indexes that do not depend on the accounts' and the fund's entries.
_INDEXES = ("partner", "person", "convention", "company", "project", "meeting", "engagement", "advances",
            "_engagements_by_project", "_follow_ups_by_project", "_items_by_project")
