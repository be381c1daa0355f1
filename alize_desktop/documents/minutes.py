"""Procès-verbal of a comité d'agrément (DOMAIN.md §4): attendance, quorum (and the override reason
when it was not reached), then for each item the conflicts of interest, the votes (per member or
totals), the decision, the means granted with their terms, the mandataire and the notes; the
president's signature block closes it.
"""

from __future__ import annotations

from decimal import Decimal
from math import floor
from typing import Any

from reportlab.platypus import Flowable, KeepTogether

from alize_desktop import formatting
from alize_desktop.documents.agenda import agenda_rows, meeting_of
from alize_desktop.documents.blocks import (
    SIGNATURE_ONLY,
    Signatory,
    data_table,
    esc,
    heading,
    key_values,
    para,
    plain,
    signatures,
    spacer,
    subheading,
    title_block,
)
from alize_desktop.documents.engine import Output, write_document
from alize_desktop.documents.facts import (
    ENGAGEMENT_KIND,
    PERIODICITY,
    Record,
    advance_fund,
    alize_label,
    find,
    long_date,
    person_name,
    person_role,
    person_with_partner,
    programme_line,
    project_type,
    settings,
)

TITLE = "Procès-verbal du comité d'agrément"
DECISION = {"approved": "Projet agréé", "adjourned": "Projet ajourné", "rejected": "Projet refusé"}
VOTE = {"for": "Pour", "against": "Contre", "abstain": "Abstention"}


def quorum(data: Record, meeting: Record) -> tuple[int, int, int]:
    """(present, active comité members, required): the same arithmetic as services.meetings."""
    partners = {p["id"]: p for p in data.get("partners", [])}
    members = sum(1 for h in data.get("people", []) if h.get("committee_member") and h.get("active")
                  and (partners.get(h.get("partner_id")) or {}).get("active"))
    fraction = settings(data).get("quorum_fraction", 0.5)
    required = floor(Decimal(str(fraction)) * members) + 1
    return len(meeting.get("present") or []), members, required


def _who(data: Record, ids: list[str]) -> list[list[str]]:
    out = []
    for pid in ids:
        person = find(data.get("people", []), pid) or {}
        partner = find(data.get("partners", []), person.get("partner_id")) or {}
        out.append([esc(person_name(person) or pid), esc(partner.get("name")), esc(person.get("role"))])
    return out


def _attendance(data: Record, meeting: Record) -> list[Flowable]:
    present, excused = meeting.get("present") or [], meeting.get("excused") or []
    story: list[Flowable] = [heading(f"Membres présents ({len(present)})")]
    if present:
        story.append(data_table(["Membre", "Partenaire", "Fonction"], _who(data, present), [50, 70, 50]))
    else:
        story.append(para("Aucun membre présent n'a été enregistré."))
    story.append(heading(f"Membres excusés ({len(excused)})"))
    if excused:
        story.append(data_table(["Membre", "Partenaire", "Fonction"], _who(data, excused), [50, 70, 50]))
    else:
        story.append(para("Aucun membre excusé."))
    n, members, required = quorum(data, meeting)
    fraction = formatting.percent(settings(data).get("quorum_fraction", 0.5), 0)
    text = (f"{n} membre(s) présent(s) sur {members} membre(s) actif(s) du comité ; le quorum (plus de "
            f"{esc(fraction)} des membres, soit {required}) ")
    story.append(heading("Quorum"))
    if n >= required:
        story.append(para(text + "est <b>atteint</b>."))
    else:
        story.append(para(text + "<b>n'est pas atteint</b>."))
        reason = meeting.get("quorum_override")
        if reason:
            story.append(para(f"Le comité a néanmoins délibéré, pour le motif suivant : {esc(reason)}"))
        else:
            story.append(para("Aucune décision ne pouvait être prise sans motif de dérogation."))
    return story


def _votes(data: Record, item: Record) -> list[Flowable]:
    votes, totals = item.get("votes"), item.get("vote_totals")
    if totals is not None:
        return [para(f"Vote à main levée : <b>{totals['for']}</b> pour, <b>{totals['against']}</b> contre, "
                     f"<b>{totals['abstain']}</b> abstention(s).")]
    if votes:
        counts = {k: sum(1 for v in votes.values() if v == k) for k in VOTE}
        rows = [[esc(person_name(find(data.get("people", []), pid)) or pid), VOTE[v]] for pid, v in votes.items()]
        return [
            para(f"Vote nominatif : <b>{counts['for']}</b> pour, <b>{counts['against']}</b> contre, "
                 f"<b>{counts['abstain']}</b> abstention(s)."),
            data_table(["Membre", "Vote"], rows, [120, 40]),
            spacer(2),
        ]
    if item.get("decision"):
        return [para("Le comité a statué sans vote.")]
    return []


def _terms(e: Record) -> str:
    t = e.get("terms")
    if not t:
        return ""
    parts = [f"{t['duration_months']} mois"]
    if t.get("deferral_months"):
        parts[0] += f" dont {t['deferral_months']} de différé"
    parts.append(f"périodicité {PERIODICITY.get(t['period_months'], str(t['period_months']) + ' mois')}")
    rate = t.get("annual_rate") or 0
    parts.append("taux 0 %" if not rate else f"taux {formatting.percent(rate, 2)}")
    if t.get("first_due_on"):
        parts.append(f"première échéance le {long_date(t['first_due_on'])}")
    return ", ".join(parts)


def _engagements(data: Record, meeting: Record, project_id: str) -> list[Flowable]:
    rows_e = [e for e in data.get("engagements", [])
              if e.get("project_id") == project_id and e.get("meeting_id") == meeting["id"]]
    if not rows_e:
        return [para("Aucun moyen chiffré n'a été arrêté.")]
    rows = []
    for e in rows_e:
        partner = find(data.get("partners", []), e.get("partner_id"))
        source = partner["name"] if partner else (advance_fund(data) if e["kind"] == "repayable_advance" else "")
        detail = "<br/>".join(esc(x) for x in (e.get("description"), _terms(e)) if x)
        days = formatting.integer(e.get("days")) if e.get("days") else ""
        amount = formatting.money(e["amount_cents"]) if e.get("amount_cents") is not None else ""
        rows.append([esc(ENGAGEMENT_KIND.get(e["kind"], e["kind"])), esc(source), detail, esc(days), esc(amount)])
    total = sum(int(e.get("amount_cents") or 0) for e in rows_e)
    rows.append(["Total", "", "", "", esc(formatting.money(total))])
    return [data_table(["Nature", "Apporté par", "Objet et conditions", "Jours", "Montant"], rows,
                       [32, 36, 62, 12, 28], right=(3, 4), total_rows=[len(rows) - 1]), spacer(2)]


def _item(data: Record, meeting: Record, n: int, item: Record, project: Record, company: Record) -> list[Flowable]:
    conflicts = item.get("conflicts") or []
    if conflicts:
        names = ", ".join(person_name(find(data.get("people", []), h)) or h for h in conflicts)
        declared = para(f"En conflit d'intérêts, n'ont pas pris part au vote : {esc(names)}.")
    else:
        declared = para("Aucun conflit d'intérêts déclaré.")
    # The item's heading never ends a page alone: it travels with its facts and conflicts.
    story: list[Flowable] = [KeepTogether([
        heading(f"Point n° {n} — {company.get('name') or ''} — {project.get('title') or ''}"),
        key_values([
            ("Type de projet", project_type(project)),
            ("Prescripteur", person_with_partner(data, project.get("prescriber_id"))),
        ]),
        subheading("Conflits d'intérêts"),
        declared,
    ])]
    decision = item.get("decision")
    story.append(subheading("Vote et décision"))
    story += _votes(data, item)
    if decision is None:
        story.append(para("<b>Point non examiné</b> : aucune décision."))
        return story
    story.append(para(f"Décision du comité : <b>{DECISION[decision]}</b>."))
    if decision == "approved":
        story += [subheading("Moyens accordés"), *_engagements(data, meeting, project["id"]), subheading("Mandataire")]
        mandatary = project.get("mandatary_id")
        story.append(para(esc(person_with_partner(data, mandatary)) if mandatary
                          else "Mandataire non encore désigné."))
    if item.get("notes"):
        story += [subheading("Observations"), plain(item["notes"])]
    return story


def build_minutes(data: Record, meeting_id: str, out: Output, **options: Any) -> None:
    """Write the procès-verbal of meeting `meeting_id` to `out` (other options are ignored)."""
    meeting = meeting_of(data, meeting_id)
    date = long_date(meeting.get("date"))
    president = find(data.get("people", []), meeting.get("president_id"))
    story: list[Flowable] = [
        *title_block(TITLE, esc(programme_line(data)), f"Séance du {esc(date)}"),
        key_values([
            ("Date", date),
            ("Lieu", meeting.get("place") or ""),
            ("Présidence", person_with_partner(data, meeting.get("president_id"))),
        ], 40),
        *_attendance(data, meeting),
    ]
    rows = agenda_rows(data, meeting)
    story.append(heading("Projets examinés"))
    if not rows:
        story.append(para("Aucun projet n'était inscrit à l'ordre du jour."))
    for n, (item, project, company) in enumerate(rows, start=1):
        story += _item(data, meeting, n, item, project, company)
    clause = [heading("Clôture"),
              para(f"L'ordre du jour étant épuisé, la séance est levée. Le présent procès-verbal est signé par "
                   f"le président de séance{', ' + esc(person_name(president)) if president else ''}.")]
    signer = Signatory(alize_label("Comité d'agrément", data), person_name(president), person_role(data, president),
                       "Le président de séance")
    story += signatures(clause, [signer], place=meeting.get("place") or "", date_text=date, mention=SIGNATURE_ONLY)
    write_document(story, out, data, title=TITLE, subject=f"{TITLE} du {date}")
