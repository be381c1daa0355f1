"""Procès-verbal of a comité d'agrément (DOMAIN.md §4): attendance, quorum (and the override reason
when it was not reached), then for each item the conflicts of interest, the votes (per member or
totals), the decision, the means granted with their terms, the mandataire and the notes; the
president's signature block closes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from math import floor
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

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
from alize_desktop.documents.engine import FRAME_WIDTH, Output, write_document
from alize_desktop.documents.facts import (
    ENGAGEMENT_KIND,
    PERIODICITY,
    Record,
    advance_fund,
    alize_label,
    find,
    iso,
    person_name,
    person_role,
    person_with_partner,
    programme_line,
    project_type,
    settings,
)
from alize_desktop.documents.wording import agree, count, meeting_time, nb_date, nb_percent, signing_place

TITLE = "Procès-verbal du comité d'agrément"
DRAFT_TITLE = "PROJET de procès-verbal du comité d'agrément"
UNKNOWN_MEMBER = "membre non identifié"
BANK_LOANS = ("subsidised_loan",)
DRAFT_RED = colors.HexColor("#b03a2e")
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


def _invited(data: Record) -> list[str]:
    """The active comité members (of active partners): who is convened to a meeting."""
    partners = {p["id"]: p for p in data.get("partners", [])}
    return [h["id"] for h in data.get("people", []) if h.get("committee_member") and h.get("active")
            and (partners.get(h.get("partner_id")) or {}).get("active")]


def _who(data: Record, ids: list[str]) -> list[list[str]]:
    out = []
    for pid in ids:
        person = find(data.get("people", []), pid) or {}
        partner = find(data.get("partners", []), person.get("partner_id")) or {}
        out.append([esc(person_name(person) or UNKNOWN_MEMBER), esc(partner.get("name")), esc(person.get("role"))])
    return out


def _people_table(data: Record, ids: list[str]) -> Flowable:
    return data_table(["Membre", "Partenaire", "Fonction"], _who(data, ids), [50, 70, 50])


def _attendance(data: Record, meeting: Record) -> list[Flowable]:
    present, excused = meeting.get("present") or [], meeting.get("excused") or []
    story: list[Flowable] = [heading(f"Membres présents ({len(present)})")]
    story.append(_people_table(data, present) if present else para("Aucun membre présent n'a été enregistré."))
    story.append(heading(f"Membres excusés ({len(excused)})"))
    story.append(_people_table(data, excused) if excused else para("Aucun membre excusé."))
    n, members, required = quorum(data, meeting)
    fraction = nb_percent(settings(data).get("quorum_fraction", 0.5))
    text = (f"{count(n, 'membre présent')} sur {count(members, 'membre actif')} du comité ; le quorum (plus de "
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


def _tally(n_for: int, n_against: int, n_abstain: int) -> str:
    return (f"<b>{n_for}</b> pour, <b>{n_against}</b> contre, "
            f"<b>{n_abstain}</b> {agree(n_abstain, 'abstention')}")


def _votes(data: Record, item: Record) -> list[Flowable]:
    votes, totals = item.get("votes"), item.get("vote_totals")
    if totals is not None:
        return [para(f"Vote à main levée : {_tally(totals['for'], totals['against'], totals['abstain'])}.")]
    if votes:
        counts = {k: sum(1 for v in votes.values() if v == k) for k in VOTE}
        rows = [[esc(person_name(find(data.get("people", []), pid)) or UNKNOWN_MEMBER), VOTE[v]]
                for pid, v in votes.items()]
        # The count and its table are one statement: never a page between them.
        return [KeepTogether([
            para(f"Vote nominatif : {_tally(counts['for'], counts['against'], counts['abstain'])}."),
            data_table(["Membre", "Vote"], rows, [120, 40]),
        ]), spacer(2)]
    if item.get("decision"):
        return [para("Le comité a statué sans vote.")]
    return []


def _majority_for(item: Record) -> bool:
    votes, totals = item.get("votes"), item.get("vote_totals")
    if totals is not None:
        return int(totals.get("for") or 0) > int(totals.get("against") or 0)
    if votes:
        values = list(votes.values())
        return values.count("for") > values.count("against")
    return False


def _terms(e: Record) -> str:
    t = e.get("terms")
    if not t:
        return ""
    parts = [f"{count(t['duration_months'], 'mois')} au total"]
    if t.get("deferral_months"):
        parts[0] += f", dont {count(t['deferral_months'], 'mois')} de différé"
    period = PERIODICITY.get(t["period_months"])
    parts.append(f"échéances {period}s" if period else f"une échéance tous les {count(t['period_months'], 'mois')}")
    rate = t.get("annual_rate") or 0
    parts.append(f"taux {nb_percent(rate, 2 if rate else 0)}")
    if t.get("first_due_on"):
        parts.append(f"première échéance le {nb_date(t['first_due_on'])}")
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
    # A subsidised loan is lent by a partner bank under its own contract: it is not a means of the
    # programme, so the total of ALIZÉ means leaves it out and the loans are summed apart.
    loans = [e for e in rows_e if e["kind"] in BANK_LOANS]
    means = [e for e in rows_e if e["kind"] not in BANK_LOANS]
    totals = []
    totals.append(len(rows))
    rows.append(["Total des moyens ALIZÉ", "", "", "", esc(formatting.money(_sum(means)))])
    if loans:
        totals.append(len(rows))
        rows.append([f"{esc(agree(len(loans), 'Prêt bonifié'))} des banques partenaires (hors moyens ALIZÉ)",
                     "", "", "", esc(formatting.money(_sum(loans)))])
    spans = [((0, r), (3, r)) for r in totals]
    return [data_table(["Nature", "Apporté par", "Objet et conditions", "Jours", "Montant"], rows,
                       [32, 36, 62, 12, 28], right=(3, 4), total_rows=totals, spans=spans,
                       keep=[(totals[0] - 1, totals[-1])]), spacer(2)]


def _sum(engagements: list[Record]) -> int:
    return sum(int(e.get("amount_cents") or 0) for e in engagements)


def _item(data: Record, meeting: Record, n: int, item: Record, project: Record, company: Record,
          *, draft: bool, lead: list[Flowable] | None = None) -> list[Flowable]:
    conflicts = item.get("conflicts") or []
    if conflicts:
        names = ", ".join(person_name(find(data.get("people", []), h)) or UNKNOWN_MEMBER for h in conflicts)
        verb = "n'a pas pris part au vote" if len(conflicts) == 1 else "n'ont pas pris part au vote"
        declared = para(f"En conflit d'intérêts, {verb} : {esc(names)}.")
    elif draft:
        declared = para("Les membres en conflit d'intérêts le déclareront en début d'examen.")
    else:
        declared = para("Aucun conflit d'intérêts déclaré.")
    # The item's heading never ends a page alone: it travels with its facts and conflicts.
    story: list[Flowable] = [KeepTogether([
        *(lead or []),
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
        story.append(para("Décision : <b>à prendre en séance</b>." if draft else
                          "<b>Point non examiné</b> au cours de la séance ; aucune décision n'a été prise."))
        return story
    if decision == "adjourned" and _majority_for(item):
        story.append(para("Décision du comité : <b>Projet ajourné</b>. Bien qu'une majorité des votants se soit "
                          "prononcée pour le projet, le comité a choisi d'en ajourner la décision."))
    else:
        story.append(para(f"Décision du comité : <b>{DECISION[decision]}</b>."))
    if decision == "approved":
        story += [subheading("Moyens accordés"), *_engagements(data, meeting, project["id"]), subheading("Mandataire")]
        mandatary = project.get("mandatary_id")
        story.append(para(esc(person_with_partner(data, mandatary)) if mandatary
                          else "Mandataire non encore désigné."))
    if item.get("notes"):
        story += [subheading("Observations"), plain(item["notes"])]
    return story


def _draft_notice(markup: str) -> Flowable:
    """The draft's notice in a ruled box across the page: no reader can take it for minutes."""
    box = Table([[para(markup)]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, DRAFT_RED),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fdf1f0")),
                             ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                             ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return box


def draft_reason(meeting: Record, as_of: dt.date) -> str | None:
    """Why the meeting's minutes can only be a draft ("PROJET"), or None when it was held."""
    day = iso(meeting.get("date"))
    if day is not None and day > as_of:
        return (f"la séance du {nb_date(day)} ne s'est pas encore tenue (situation au {nb_date(as_of)})")
    if not any(i.get("decision") for i in meeting.get("items") or []):
        return "aucune décision du comité n'est encore enregistrée pour cette séance"
    return None


def _draft_attendance(data: Record, meeting: Record) -> list[Flowable]:
    invited = _invited(data)
    _n, members, required = quorum(data, meeting)
    fraction = nb_percent(settings(data).get("quorum_fraction", 0.5))
    story: list[Flowable] = [heading(f"Membres convoqués ({len(invited)})")]
    story.append(_people_table(data, invited) if invited else para("Aucun membre actif n'est enregistré."))
    story += [heading("Quorum"),
              para(f"La présence des membres et le quorum seront constatés en séance : plus de {esc(fraction)} des "
                   f"{count(members, 'membre actif')}, soit {count(required, 'membre présent')} au moins.")]
    return story


def build_minutes(data: Record, meeting_id: str, out: Output, as_of: dt.date,
                  templates: Mapping[str, str] | None = None, **options: Any) -> None:
    """Write the procès-verbal of meeting `meeting_id` to `out`.

    A meeting dated after `as_of`, or with no decision recorded, has no minutes yet: the document
    is then a draft, marked « PROJET » in its title, on every page's header and in a notice, with
    the members convened instead of "present", no quorum reached, no closing and no signature.
    """
    del templates  # the minutes have no article the office rewrites
    meeting = meeting_of(data, meeting_id)
    date = nb_date(meeting.get("date"))
    president = find(data.get("people", []), meeting.get("president_id"))
    reason = draft_reason(meeting, as_of)
    title = DRAFT_TITLE if reason else TITLE
    facts = [("Date", date)]
    if meeting_time(meeting):
        facts.append(("Heure", meeting_time(meeting)))
    facts += [("Lieu de la séance", meeting.get("place") or ""),
              ("Présidence", person_with_partner(data, meeting.get("president_id")))]
    story: list[Flowable] = [*title_block(title, esc(programme_line(data)), f"Séance du {esc(date)}")]
    if reason:
        story += [_draft_notice(f"<b>PROJET — ce document n'est pas un procès-verbal</b> : {esc(reason)}. Il "
                                "prépare la rédaction du procès-verbal, qui sera établi après la séance et signé "
                                "par son président."), spacer(3)]
    story += [key_values(facts, 40)]
    story += _draft_attendance(data, meeting) if reason else _attendance(data, meeting)
    rows = agenda_rows(data, meeting)
    section = heading("Projets inscrits à l'ordre du jour" if reason else "Projets examinés")
    if not rows:
        story += [section, para("Aucun projet n'était inscrit à l'ordre du jour.")]
    for n, (item, project, company) in enumerate(rows, start=1):
        # The section's title travels with its first item, never alone at the foot of a page.
        story += _item(data, meeting, n, item, project, company, draft=reason is not None,
                       lead=[section] if n == 1 else None)
    if reason:
        story += [heading("Suite"),
                  para(f"Projet établi le {esc(nb_date(as_of))} par l'opérateur local, sans valeur de "
                       "procès-verbal.")]
        write_document(story, out, data, title=title, subject=f"{title} — séance du {date}")
        return
    clause = [heading("Clôture"),
              para(f"L'ordre du jour étant épuisé, la séance est levée. Le présent procès-verbal est signé par "
                   f"le président de séance{', ' + esc(person_name(president)) if president else ''}.")]
    signer = Signatory(alize_label("Comité d'agrément", data), person_name(president), person_role(data, president),
                       "Le président de séance")
    story += signatures(clause, [signer], place=signing_place(data), date_text=date, mention=SIGNATURE_ONLY)
    write_document(story, out, data, title=TITLE, subject=f"{TITLE} du {date}")
