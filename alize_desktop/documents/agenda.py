"""Dossier de séance of a comité d'agrément: a cover (basin, date, place, president), the ordre du
jour, then one page per project for the members to read before the meeting.

"Means requested" is an office-only field (not in format v1): the caller passes it as `extras`
({project_id: text}), gathered by services.document_options for every caller.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak

from alize_desktop import formatting
from alize_desktop.documents.blocks import (
    data_table,
    esc,
    heading,
    key_values,
    para,
    plain,
    spacer,
    subheading,
    title_block,
)
from alize_desktop.documents.engine import Output, write_document
from alize_desktop.documents.errors import DocumentError
from alize_desktop.documents.facts import (
    Record,
    basin_name,
    find,
    long_date,
    operator_name,
    person_name,
    person_with_partner,
    programme_line,
    project_type,
)
from alize_desktop.documents.wording import count, meeting_time, nb_date

TITLE = "Dossier de séance du comité d'agrément"
SCORES = (("quality", "Qualité du projet"), ("holder", "Capacité du porteur"),
          ("impact", "Impact territorial (dont emplois)"))
SCHEME_KIND = {"honour_loan": "Prêt d'honneur", "grant": "Subvention", "guarantee": "Garantie", "other": "Autre"}
DECISION = {"approved": "agréé", "adjourned": "ajourné", "rejected": "refusé"}


def meeting_of(data: Record, meeting_id: str) -> Record:
    meeting = find(data.get("meetings", []), meeting_id)
    if meeting is None:
        raise DocumentError(f"comité d'agrément inconnu : « {meeting_id} »")
    return meeting


def items_of(meeting: Record) -> list[Record]:
    return sorted(meeting.get("items") or [], key=lambda i: (i.get("position") or 0))


def _previous(data: Record, meeting: Record) -> Record | None:
    """The latest meeting held before this one (its minutes are approved first)."""
    earlier = [m for m in data.get("meetings", []) if m.get("date", "") < meeting.get("date", "")
               and m["id"] != meeting["id"]]
    return max(earlier, key=lambda m: m["date"]) if earlier else None


def _invited(data: Record) -> list[list[str]]:
    partners = {p["id"]: p for p in data.get("partners", [])}
    rows = []
    for h in data.get("people", []):
        partner = partners.get(h.get("partner_id")) or {}
        if h.get("committee_member") and h.get("active") and partner.get("active"):
            rows.append([esc(person_name(h)), esc(partner.get("name")), esc(h.get("role"))])
    return rows


def _cover(data: Record, meeting: Record, rows: list[tuple[Record, Record, Record]]) -> list[Flowable]:
    date = nb_date(meeting.get("date"))
    facts = [("Bassin", basin_name(data)), ("Territoire", data.get("basin", {}).get("territory") or ""),
             ("Date de la séance", date)]
    if meeting_time(meeting):
        facts.append(("Heure", meeting_time(meeting)))
    facts += [("Lieu", meeting.get("place") or ""),
              ("Présidence de séance", person_with_partner(data, meeting.get("president_id"))),
              ("Opérateur local", operator_name(data))]
    story: list[Flowable] = [
        spacer(20),
        *title_block(TITLE, esc(programme_line(data))),
        spacer(6),
        key_values(facts, 50),
        heading("Ordre du jour"),
    ]
    previous = _previous(data, meeting)
    story.append(subheading("I. Approbation du procès-verbal de la séance précédente"))
    story.append(para(f"Procès-verbal de la séance du {esc(nb_date(previous['date']))}." if previous
                      else "Première séance du comité : aucun procès-verbal à approuver."))
    story.append(subheading("II. Examen des projets"))
    if not rows:
        story.append(para("Aucun projet n'est encore inscrit à l'ordre du jour."))
    else:
        table = []
        for n, (_item, project, company) in enumerate(rows, start=1):
            table.append([str(n), esc(company.get("name")), esc(project.get("title")),
                          esc(project_type(project)),
                          esc(person_name(find(data.get("people", []), project.get("prescriber_id")))),
                          esc(f"{project.get('jobs_planned_created') or 0} / "
                              f"{project.get('jobs_planned_maintained') or 0}")])
        story += [
            data_table(["N°", "Entreprise", "Projet", "Type", "Prescripteur", "Emplois créés / maintenus"], table,
                       [8, 36, 44, 30, 30, 26], right=(0, 5)),
            spacer(3),
            para("Chaque projet est présenté par son prescripteur ; le dossier de chaque projet suit, "
                 "un par page. Les membres en conflit d'intérêts sur un projet le signalent en début d'examen.",
                 "note"),
        ]
    story += [subheading("III. Questions diverses"),
              para("Les membres qui souhaitent inscrire une question en informent l'opérateur local avant la "
                   "séance.")]
    invited = _invited(data)
    story.append(heading(f"Membres convoqués ({len(invited)})"))
    story.append(data_table(["Membre", "Partenaire", "Fonction"], invited, [50, 70, 50]) if invited
                 else para("Aucun membre actif du comité n'est enregistré."))
    return story


def _earlier(data: Record, project_id: str, meeting: Record) -> list[str]:
    """Earlier examinations of the project (an adjourned project comes back)."""
    out = []
    for other in data.get("meetings", []):
        if other["id"] == meeting["id"] or other.get("date", "") > meeting.get("date", ""):
            continue
        for it in other.get("items") or []:
            if it.get("project_id") == project_id and it.get("decision"):
                out.append((other.get("date", ""), f"{long_date(other.get('date'))} : {DECISION[it['decision']]}"))
    return [text for _day, text in sorted(out)]


def _project_page(data: Record, n: int, meeting: Record, project: Record, company: Record,
                  extras: dict[str, str]) -> list[Flowable]:
    story: list[Flowable] = [
        *title_block(f"Point n° {n} — {company.get('name') or ''}", f"« {esc(project.get('title'))} »"),
        heading("L'entreprise"),
        key_values([
            ("Raison sociale", company.get("name") or ""),
            ("SIRET", company.get("siret") or ""),
            ("Forme juridique / NAF", " — ".join(x for x in (company.get("legal_form"), company.get("naf")) if x)),
            ("Date de création", long_date(company.get("created_on"))),
            ("Effectif", formatting.integer(company.get("headcount")) if company.get("headcount") is not None else ""),
            ("Dirigeant", company.get("manager") or ""),
            ("Adresse", company.get("address") or ""),
        ]),
        heading("Le projet"),
        key_values([
            ("Type de projet", project_type(project)),
            ("Reçu le", long_date(project.get("received_on"))),
            ("Prescripteur", person_with_partner(data, project.get("prescriber_id"))),
            ("Emplois prévus", f"{count(int(project.get('jobs_planned_created') or 0), 'emploi créé')}, "
                               f"{count(int(project.get('jobs_planned_maintained') or 0), 'emploi maintenu')}"),
            ("Moyens demandés", extras.get(project["id"])
             or "non renseignés dans le dossier du projet (fiche du projet, champ « Moyens demandés »)"),
        ]),
    ]
    earlier = _earlier(data, project["id"], meeting)
    if earlier:
        story += [subheading("Examens précédents"), plain(" ; ".join(earlier))]
    story += [heading("Diagnostic préalable du prescripteur"), plain(project.get("diagnostic") or "Non renseigné.")]
    if project.get("complementary_diagnostic"):
        story += [subheading("Diagnostic complémentaire"), plain(project["complementary_diagnostic"])]
    scores = project.get("scores")
    story.append(heading("Grille de sélection"))
    if scores:
        rows = [[esc(lab), f"{scores.get(key)} / 5"] for key, lab in SCORES]
        rows.append(["Total", f"{sum(int(scores.get(k) or 0) for k, _ in SCORES)} / 15"])
        story.append(data_table(["Critère", "Note"], rows, [120, 30], right=(1,), total_rows=[len(rows) - 1]))
    else:
        story.append(para("Grille non renseignée."))
    story.append(heading("Autres dispositifs mobilisés"))
    supports = project.get("other_supports") or []
    if supports:
        schemes = data.get("support_schemes", [])
        rows = []
        for s in supports:
            scheme = find(schemes, s.get("scheme_id")) or {"name": s.get("scheme_id"), "kind": "other"}
            amount = s.get("amount_cents")
            rows.append([esc(scheme.get("name")), esc(SCHEME_KIND.get(scheme.get("kind", ""), "")),
                         esc(formatting.money(amount) if amount is not None else "")])
        total = sum(int(s.get("amount_cents") or 0) for s in supports)
        rows.append(["Total", "", esc(formatting.money(total))])
        story.append(data_table(["Dispositif", "Nature", "Montant"], rows, [90, 40, 35], right=(2,),
                                total_rows=[len(rows) - 1]))
    else:
        story.append(para("Aucun autre dispositif mobilisé à ce jour."))
    return story


def agenda_rows(data: Record, meeting: Record) -> list[tuple[Record, Record, Record]]:
    out = []
    for item in items_of(meeting):
        project = find(data.get("projects", []), item.get("project_id"))
        if project is None:
            raise DocumentError(f"projet inconnu à l'ordre du jour : « {item.get('project_id')} »")
        company = find(data.get("companies", []), project.get("company_id")) or {}
        out.append((item, project, company))
    return out


def build_agenda(data: Record, meeting_id: str, out: Output, extras: dict[str, str] | None = None,
                 **options: Any) -> None:
    """Write the agenda pack of meeting `meeting_id` to `out`.

    `extras` maps project ids to the means requested (office-only, not in format v1); callers get
    it from services.document_options.
    """
    meeting = meeting_of(data, meeting_id)
    extras = extras or {}
    rows = agenda_rows(data, meeting)
    story = _cover(data, meeting, rows)
    for n, (_item, project, company) in enumerate(rows, start=1):
        story += [PageBreak(), *_project_page(data, n, meeting, project, company, extras)]
    write_document(story, out, data, title=TITLE, subject=f"{TITLE} du {long_date(meeting.get('date'))}")
