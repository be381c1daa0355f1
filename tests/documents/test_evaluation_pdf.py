from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest

from alize_desktop import formatting
from alize_desktop.documents import DocumentError
from alize_desktop.documents.evaluation import build_evaluation, commentary, targets
from alize_desktop.rules.report import build_report

from .conftest import money, norm, read_pages

AS_OF = dt.date(2026, 11, 26)


def _pdf(data, convention_id, as_of=AS_OF) -> bytes:
    out = io.BytesIO()
    build_evaluation(data, convention_id, out, as_of=as_of)
    return out.getvalue()


def _running(data) -> str:
    return build_report(data, AS_OF)["convention_id"]


def test_pdf_carries_the_report_figures(demo_data):
    conv = _running(demo_data)
    report = build_report(demo_data, AS_OF, conv)
    pages = read_pages(_pdf(demo_data, conv))
    text = " ".join(pages)
    i = formatting.integer
    # Jobs and activity per year, then the totals and the convention target.
    for y in report["years"]:
        row = (f"Année {y['year']} {y['start'][8:]}/{y['start'][5:7]}/{y['start'][:4]} – "
               f"{y['end'][8:]}/{y['end'][5:7]}/{y['end'][:4]} {i(y['meetings'])} {i(y['projects_examined'])} "
               f"{i(y['projects_approved'])} {i(y['jobs_created'])} {i(y['jobs_maintained'])}")
        assert norm(row) in text
    assert norm(f"Total {i(sum(y['meetings'] for y in report['years']))}") in text
    assert norm(f"{i(report['jobs_created_total'])} {i(report['jobs_maintained_total'])}") in text
    assert f"Objectif convention {i(report['jobs_target_total'])}" in text
    # Fund, ageing, loss rates and accounts, to the cent.
    f = report["fund"]
    for label, key in (("Décaissé", "disbursed_cents"), ("Remboursé", "repaid_cents"),
                       ("Sinistré (abandonné)", "written_off_cents"), ("Encours", "outstanding_cents"),
                       ("Échéances impayées", "overdue_cents")):
        assert f"{label} {money(f[key])}" in text
    assert f"dont retard de plus de 180 jours {money(f['ageing_cents']['181+'])}" in text
    assert norm(f"Taux de sinistre {formatting.percent(f['loss_rate'], 2)} (référence 6 %)") in text
    for year, rate in f["loss_rate_by_cohort"].items():
        assert norm(f"{year} {formatting.percent(rate, 2)}") in text
    acc = report["accounts"]
    assert f"Compte des avances {money(acc['advances_cents'])}" in text
    assert f"Compte de fonctionnement {money(acc['operating_cents'])}" in text
    # Resources by partner kind against the profile.
    res = report["resources"]
    assert norm(f"Entreprises partenaires {money(res['company']['cents'])} "
                f"{formatting.percent(res['company']['share'], 2)} 40 %") in text
    assert norm(f"Collectivités territoriales {money(res['local_authority']['cents'])} "
                f"{formatting.percent(res['local_authority']['share'], 2)} 25 %") in text
    assert f"Total {money(sum(v['cents'] for v in res.values()))}" in text
    sk = report["skills_days"]
    assert norm(f"Jours {i(sk['pledged'])} {i(sk['granted'])} {i(sk['delivered'])}") in text
    # Every running advance of the report, named by its company and project (never an internal id);
    # the settled ones counted in one sentence; the findings, and the operator's signature.
    projects = {p["id"]: p for p in demo_data["projects"]}
    companies = {c["id"]: c["name"] for c in demo_data["companies"]}
    engagements = {e["id"]: e for e in demo_data["engagements"]}
    running = [e for e in report["engagements"] if e["outstanding_cents"] or e["overdue_cents"]]
    settled = [e for e in report["engagements"] if e not in running]
    assert running and settled  # the demo has both: the test sees both sides of the rule
    for e in report["engagements"]:
        project = projects[engagements[e["id"]]["project_id"]]
        row = norm(f"{companies[project['company_id']]} {project['title']} {money(e['outstanding_cents'])}")
        assert (row in text) == (e in running), project["title"]
    closed = f"{len(settled)}\u00a0avance{'s' if len(settled) > 1 else ''} soldée{'s' if len(settled) > 1 else ''}"
    assert norm(closed) in text
    assert "conv-2025" not in text and " e3 " not in text
    for sentence in commentary(report, targets(demo_data)):
        assert norm(sentence)[:60] in text
    operator = demo_data["basin"]["operator"]
    assert f"Signataire : {norm(operator['representative'])}" in text
    assert f"Page {len(pages)} / {len(pages)}" in pages[-1]


def test_commentary_names_the_gaps(basin):
    basin["follow_ups"] = [{"id": "f1", "project_id": "pr1", "date": "2025-02-01", "author_id": "h3",
                            "jobs_created": 5, "jobs_maintained": 2, "skills_days_delivered": 3, "notes": None}]
    basin["write_offs"] = [{"id": "w1", "engagement_id": "e3", "date": "2025-06-30", "amount_cents": 250000,
                            "reason": "Liquidation"}]
    report = build_report(basin, dt.date(2025, 6, 30), "conv1")
    sentences = commentary(report, targets(basin))
    assert any("en retard de" in s and "225" in s for s in sentences)
    assert "Année 1 : 5 emplois créés, en dessous de l'objectif annuel de 75 (écart de 70)." in sentences
    assert any(s.startswith("Taux de sinistre de 10,00 %, au-dessus de la référence de 6 %") for s in sentences)
    # Local authorities pledge 55 000 € of 123 301,32 €: far above their 25 % profile.
    assert any(s.startswith("Moyens — Collectivités territoriales") and "points" in s for s in sentences)
    pages = read_pages(_pdf(basin, "conv1", dt.date(2025, 6, 30)))
    text = " ".join(pages)
    assert "Opérateur & Co <Local>" in text and "Bassin d'essai <Nord> & Sud" in text
    assert "Emplois créés par année de la convention" in text


def test_same_data_same_bytes_across_processes(demo_data, tmp_path):
    import json

    path = tmp_path / "data.json"
    path.write_text(json.dumps(demo_data), "utf-8")
    script = ("import json,sys,datetime as dt;from alize_desktop.documents.evaluation import build_evaluation;"
              "d=json.load(open(sys.argv[1]));build_evaluation(d,sys.argv[2],sys.argv[3],as_of=dt.date(2026,11,26))")
    conv = _running(demo_data)
    outs = []
    for n in (1, 2):
        out = tmp_path / f"e{n}.pdf"
        subprocess.run([sys.executable, "-c", script, str(path), conv, str(out)], check=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == _pdf(demo_data, conv)


def test_unknown_convention_is_refused(basin):
    with pytest.raises(DocumentError, match="inconnue"):
        _pdf(basin, "conv9")
