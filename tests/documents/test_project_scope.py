"""A project's convention reads that project's rows only, and prints the same bytes as one built
from the whole basin (the scope changes what is read, never what is printed)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from alize_desktop.documents import DocumentError, build_document
from alize_desktop.interchange.exporter import ProjectScopes, export_basin, export_project_scope
from alize_desktop.services.conventions.document_options import documents_data

AS_OF = dt.date(2026, 11, 26)


def _cooperation(engine, data: dict, project_id: str) -> bytes | str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    try:
        build_document("cooperation", documents_data(engine, data), out, project_id=project_id, as_of=AS_OF)
    except DocumentError as exc:
        return str(exc)
    return out.getvalue()


def test_every_demo_project_prints_the_same_convention_from_its_scope(demo_engine) -> None:  # type: ignore[no-untyped-def]
    whole = export_basin(demo_engine)
    built = 0
    for project in whole["projects"]:
        from_whole = _cooperation(demo_engine, whole, project["id"])
        from_scope = _cooperation(demo_engine, export_project_scope(demo_engine, project["id"]), project["id"])
        assert from_scope == from_whole, project["id"]  # bytes, or the same refusal sentence
        built += isinstance(from_whole, bytes)
    assert built >= 5  # the demo has signed conventions: the comparison covered real documents


def test_the_scope_holds_the_project_and_what_hangs_on_it_only(demo_engine) -> None:  # type: ignore[no-untyped-def]
    whole = export_basin(demo_engine)
    project = next(p for p in whole["projects"] if any(e["project_id"] == p["id"] for e in whole["engagements"]))
    scope = export_project_scope(demo_engine, project["id"])
    assert [p["id"] for p in scope["projects"]] == [project["id"]]
    assert [c["id"] for c in scope["companies"]] == [project["company_id"]]
    own = {e["id"] for e in whole["engagements"] if e["project_id"] == project["id"]}
    assert {e["id"] for e in scope["engagements"]} == own
    assert {d["engagement_id"] for d in scope["disbursements"]} <= own
    assert len(scope["disbursements"]) == sum(d["engagement_id"] in own for d in whole["disbursements"])
    assert all(i["project_id"] == project["id"] for m in scope["meetings"] for i in m["items"])
    assert {m["id"] for m in scope["meetings"]} == {
        m["id"] for m in whole["meetings"] if any(i["project_id"] == project["id"] for i in m["items"])}
    for small in ("partners", "people", "conventions", "commitments", "support_schemes"):
        assert scope[small] == whole[small]  # read whole: a convention may name any partner


@pytest.mark.parametrize("unknown", ["pr-none", "'; DROP TABLE project; --"])
def test_an_unknown_project_scope_is_empty_and_the_document_says_so(demo_engine, unknown: str) -> None:  # type: ignore[no-untyped-def]
    scope = export_project_scope(demo_engine, unknown)
    assert scope["projects"] == [] and scope["engagements"] == []
    assert _cooperation(demo_engine, scope, unknown) == f"projet inconnu : « {unknown} »"
    assert export_basin(demo_engine)["projects"]  # the text was a value, never SQL


def test_the_bundles_in_memory_scopes_equal_the_read_ones(demo_engine) -> None:  # type: ignore[no-untyped-def]
    whole = export_basin(demo_engine)
    scopes = ProjectScopes(whole)
    for project in whole["projects"]:
        assert scopes.of(project["id"]) == export_project_scope(demo_engine, project["id"]), project["id"]
    assert scopes.of("pr-none")["projects"] == [] and scopes.of("pr-none")["meetings"] == []
