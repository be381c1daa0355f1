"""Everything the Conventions page shows, read in one call and one session on the database worker:
the conventions, every convention's commitments, the reference budget, each convention's Annex 2
and the cooperation conventions of the approved projects. Choosing another convention on the page
then reads nothing: its commitments are already here."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Mapping
from types import MappingProxyType

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.conventions.conventions import (
    CommitmentRow,
    ConventionRow,
    annex2_file,
    annex2_key,
    budget_target_in,
    commitments_in,
    conventions_in,
)
from alize_desktop.services.conventions.signatures import CooperationRow, cooperation_rows_in


@dataclasses.dataclass(frozen=True)
class ConventionsData:
    conventions: tuple[ConventionRow, ...]  # oldest first
    commitments: Mapping[str, tuple[CommitmentRow, ...]]  # by convention id, in the editor's order
    budget_target_cents: int
    annex2: Mapping[str, pathlib.Path | None]  # by convention id: the attached PDF, None when none
    cooperation: tuple[CooperationRow, ...]  # the approved projects, newest approval first

    def commitments_of(self, convention_id: str) -> tuple[CommitmentRow, ...]:
        return self.commitments.get(convention_id, ())

    def kind_of(self, record_id: str) -> str | None:
        """"project" (an approved project's cooperation convention) or "convention", as far as this
        load knows; None for an id it does not hold (a project not approved, a record made since)."""
        if any(r.project_id == record_id for r in self.cooperation):
            return "project"
        if any(c.id == record_id for c in self.conventions):
            return "convention"
        return None


def conventions_page_data(engine: Engine, db_path: pathlib.Path, *, cooperation: bool = True) -> ConventionsData:
    """One read of the page (`cooperation`: whether the cooperation tab is there to show its rows)."""
    with Session(engine) as s:
        conventions = tuple(conventions_in(s))
        grouped: dict[str, list[CommitmentRow]] = {c.id: [] for c in conventions}
        for row in commitments_in(s):
            grouped.setdefault(row.convention_id, []).append(row)
        keys = {annex2_key(c.id): c.id for c in conventions}
        names = dict(s.execute(select(m.AppSetting.key, m.AppSetting.value)
                               .where(m.AppSetting.key.in_(keys))).tuples().all()) if keys else {}
        target = budget_target_in(s)
        rows = tuple(cooperation_rows_in(s)) if cooperation else ()
    annex2 = {cid: annex2_file(db_path, names.get(key)) for key, cid in keys.items()}
    return ConventionsData(conventions, MappingProxyType({cid: tuple(rs) for cid, rs in grouped.items()}),
                           target, MappingProxyType(annex2), rows)
