"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:40:58.589633
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    op.create_table(
        "basin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("territory", sa.Text(), nullable=False),
        sa.Column("priority_criteria", sa.JSON(), nullable=False),
        sa.Column("operator_name", sa.String(length=200), nullable=False),
        sa.Column("operator_siret", sa.String(length=14), nullable=True),
        sa.Column("operator_address", sa.Text(), nullable=True),
        sa.Column("operator_representative", sa.String(length=200), nullable=True),
        sa.Column("operator_email", sa.String(length=200), nullable=True),
        sa.Column("advances_bank", sa.String(length=200), nullable=True),
        sa.Column("advances_iban", sa.String(length=34), nullable=True),
        sa.Column("operating_bank", sa.String(length=200), nullable=True),
        sa.Column("operating_iban", sa.String(length=34), nullable=True),
        sa.Column("quorum_fraction", sa.Float(), nullable=False),
        sa.Column("jobs_target_per_year", sa.Integer(), nullable=False),
        sa.Column("examined_target_per_year", sa.Integer(), nullable=False),
        sa.Column("approved_target_per_year", sa.Integer(), nullable=False),
        sa.Column("budget_target_cents", sa.Integer(), nullable=False),
        sa.Column("loss_rate_benchmark", sa.Float(), nullable=False),
        sa.Column("operator_reimbursement_cap_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_basin_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_basin")),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("legal_form", sa.String(length=50), nullable=True),
        sa.Column("naf", sa.String(length=10), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("manager", sa.String(length=200), nullable=True),
        sa.Column("insolvency_procedure", sa.String(length=16), nullable=True),
        sa.Column("insolvency_judgment_on", sa.Date(), nullable=True),
        sa.Column("insolvency_published_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "insolvency_procedure IS NULL OR insolvency_procedure IN ('safeguard', 'receivership', 'liquidation')",
            name=op.f("ck_company_insolvency_procedure_enum"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
    )
    op.create_table(
        "convention",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("specific_objectives", sa.Text(), nullable=True),
        sa.Column("labour_market", sa.Text(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convention")),
    )
    op.create_table(
        "expense",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.CheckConstraint("account IN ('advances', 'operating')", name=op.f("ck_expense_account_enum")),
        sa.CheckConstraint(
            "category IN ('engineering', 'operator_reimbursement', 'other')",
            name=op.f("ck_expense_category_enum"),
        ),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_expense_amount_cents_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense")),
    )
    op.create_table(
        "journal",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_journal")),
    )
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_at"), ["at"], unique=False)

    op.create_table(
        "partner",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('company', 'territorial_actor', 'local_authority', 'state', 'network_head')",
            name=op.f("ck_partner_kind_enum"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
    )
    op.create_table(
        "support_scheme",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "kind IN ('honour_loan', 'grant', 'guarantee', 'other')", name=op.f("ck_support_scheme_kind_enum")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_scheme")),
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("convention_id", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("nature", sa.String(length=16), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "nature IN ('money', 'skills', 'in_kind')", name=op.f("ck_commitment_nature_enum")
        ),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_commitment_amount_cents_non_negative")),
        sa.CheckConstraint("year BETWEEN 1 AND 3", name=op.f("ck_commitment_year_range")),
        sa.ForeignKeyConstraint(
            ["convention_id"], ["convention.id"], name=op.f("fk_commitment_convention_id_convention")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_commitment_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_convention_id"), ["convention_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("committee_member", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_person_partner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "receipt",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint("account IN ('advances', 'operating')", name=op.f("ck_receipt_account_enum")),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_receipt_amount_cents_non_negative")),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_receipt_partner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("president_id", sa.String(length=64), nullable=True),
        sa.Column("quorum_override", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["president_id"], ["person.id"], name=op.f("fk_meeting_president_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_president_id"), ["president_id"], unique=False)

    op.create_table(
        "project",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("company_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("prescriber_id", sa.String(length=64), nullable=True),
        sa.Column("diagnostic", sa.Text(), nullable=True),
        sa.Column("complementary_diagnostic", sa.Text(), nullable=True),
        sa.Column("has_scores", sa.Boolean(), nullable=False),
        sa.Column("score_quality", sa.Integer(), nullable=True),
        sa.Column("score_holder", sa.Integer(), nullable=True),
        sa.Column("score_impact", sa.Integer(), nullable=True),
        sa.Column("jobs_planned_created", sa.Integer(), nullable=True),
        sa.Column("jobs_planned_maintained", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("mandatary_id", sa.String(length=64), nullable=True),
        sa.Column("convention_signed_on", sa.Date(), nullable=True),
        sa.Column("means_requested", sa.Text(), nullable=True),
        sa.Column("signed_scan_path", sa.Text(), nullable=True),
        sa.Column("signed_scan_sha256", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "status IN ('received', 'in_review', 'scheduled', 'approved', 'adjourned', 'rejected', 'convention_signed', 'in_follow_up', 'closed', 'withdrawn')",
            name=op.f("ck_project_status_enum"),
        ),
        sa.CheckConstraint(
            "type IN ('development', 'takeover', 'structuring', 'creation')",
            name=op.f("ck_project_type_enum"),
        ),
        sa.CheckConstraint(
            "(score_quality IS NULL OR score_quality BETWEEN 1 AND 5) AND (score_holder IS NULL OR score_holder BETWEEN 1 AND 5) AND (score_impact IS NULL OR score_impact BETWEEN 1 AND 5)",
            name=op.f("ck_project_scores_range"),
        ),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_project_company_id_company")),
        sa.ForeignKeyConstraint(["mandatary_id"], ["person.id"], name=op.f("fk_project_mandatary_id_person")),
        sa.ForeignKeyConstraint(
            ["prescriber_id"], ["person.id"], name=op.f("fk_project_prescriber_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_mandatary_id"), ["mandatary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_prescriber_id"), ["prescriber_id"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("votes_recorded", sa.Boolean(), nullable=False),
        sa.Column("totals_for", sa.Integer(), nullable=True),
        sa.Column("totals_against", sa.Integer(), nullable=True),
        sa.Column("totals_abstain", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('approved', 'adjourned', 'rejected')",
            name=op.f("ck_agenda_item_decision_enum"),
        ),
        sa.CheckConstraint(
            "(totals_for IS NULL OR totals_for >= 0) AND (totals_against IS NULL OR totals_against >= 0) AND (totals_abstain IS NULL OR totals_abstain >= 0)",
            name=op.f("ck_agenda_item_totals_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_agenda_item_project_id_project")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_agenda_item")),
        sa.UniqueConstraint("meeting_id", "project_id", name="uq_agenda_item_meeting_project"),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_item_project_id"), ["project_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('present', 'excused')", name=op.f("ck_attendance_status_enum")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_attendance_person_id_person")),
        sa.PrimaryKeyConstraint("meeting_id", "person_id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)

    op.create_table(
        "engagement",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("deferral_months", sa.Integer(), nullable=True),
        sa.Column("period_months", sa.Integer(), nullable=True),
        sa.Column("annual_rate", sa.Float(), nullable=True),
        sa.Column("first_due_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('repayable_advance', 'subsidised_loan', 'skills', 'in_kind', 'direct_funding')",
            name=op.f("ck_engagement_kind_enum"),
        ),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_engagement_amount_cents_non_negative")),
        sa.CheckConstraint(
            "annual_rate IS NULL OR annual_rate >= 0", name=op.f("ck_engagement_rate_non_negative")
        ),
        sa.CheckConstraint(
            "period_months IS NULL OR period_months IN (1, 3, 6, 12)", name=op.f("ck_engagement_period_enum")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_engagement_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_engagement_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_engagement_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement")),
    )
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagement_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagement_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagement_project_id"), ["project_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("author_id", sa.String(length=64), nullable=True),
        sa.Column("jobs_created", sa.Integer(), nullable=False),
        sa.Column("jobs_maintained", sa.Integer(), nullable=False),
        sa.Column("skills_days_delivered", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint("jobs_created >= 0", name=op.f("ck_follow_up_jobs_created_non_negative")),
        sa.CheckConstraint("jobs_maintained >= 0", name=op.f("ck_follow_up_jobs_maintained_non_negative")),
        sa.CheckConstraint(
            "skills_days_delivered >= 0", name=op.f("ck_follow_up_skills_days_delivered_non_negative")
        ),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"], name=op.f("fk_follow_up_author_id_person")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_follow_up_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_support",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("scheme_id", sa.String(length=64), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_project_support_amount_cents_non_negative")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_support_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["support_scheme.id"], name=op.f("fk_project_support_scheme_id_support_scheme")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_project_support")),
    )
    with op.batch_alter_table("project_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_support_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_support_scheme_id"), ["scheme_id"], unique=False)

    op.create_table(
        "disbursement",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("engagement_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_disbursement_amount_cents_non_negative")),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_disbursement_engagement_id_engagement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disbursement")),
    )
    with op.batch_alter_table("disbursement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disbursement_engagement_id"), ["engagement_id"], unique=False)

    op.create_table(
        "item_conflict",
        sa.Column("item_pk", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_pk"],
            ["agenda_item.pk"],
            name=op.f("fk_item_conflict_item_pk_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_item_conflict_person_id_person")),
        sa.PrimaryKeyConstraint("item_pk", "person_id", name=op.f("pk_item_conflict")),
    )
    with op.batch_alter_table("item_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_conflict_person_id"), ["person_id"], unique=False)

    op.create_table(
        "item_vote",
        sa.Column("item_pk", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("vote", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("vote IN ('for', 'against', 'abstain')", name=op.f("ck_item_vote_vote_enum")),
        sa.ForeignKeyConstraint(
            ["item_pk"], ["agenda_item.pk"], name=op.f("fk_item_vote_item_pk_agenda_item"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_item_vote_person_id_person")),
        sa.PrimaryKeyConstraint("item_pk", "person_id", name=op.f("pk_item_vote")),
    )
    with op.batch_alter_table("item_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_vote_person_id"), ["person_id"], unique=False)

    op.create_table(
        "repayment",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("engagement_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_repayment_amount_cents_non_negative")),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_repayment_engagement_id_engagement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repayment")),
    )
    with op.batch_alter_table("repayment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_repayment_engagement_id"), ["engagement_id"], unique=False)

    op.create_table(
        "write_off",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("engagement_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_write_off_amount_cents_non_negative")),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_write_off_engagement_id_engagement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_off")),
    )
    with op.batch_alter_table("write_off", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_write_off_engagement_id"), ["engagement_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("write_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_write_off_engagement_id"))

    op.drop_table("write_off")
    with op.batch_alter_table("repayment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repayment_engagement_id"))

    op.drop_table("repayment")
    with op.batch_alter_table("item_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_vote_person_id"))

    op.drop_table("item_vote")
    with op.batch_alter_table("item_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_conflict_person_id"))

    op.drop_table("item_conflict")
    with op.batch_alter_table("disbursement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disbursement_engagement_id"))

    op.drop_table("disbursement")
    with op.batch_alter_table("project_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_support_scheme_id"))
        batch_op.drop_index(batch_op.f("ix_project_support_project_id"))

    op.drop_table("project_support")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_project_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_author_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_project_id"))
        batch_op.drop_index(batch_op.f("ix_engagement_partner_id"))
        batch_op.drop_index(batch_op.f("ix_engagement_meeting_id"))

    op.drop_table("engagement")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_person_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_project_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_prescriber_id"))
        batch_op.drop_index(batch_op.f("ix_project_mandatary_id"))
        batch_op.drop_index(batch_op.f("ix_project_company_id"))

    op.drop_table("project")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_president_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_date"))

    op.drop_table("meeting")
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_partner_id"))

    op.drop_table("receipt")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_partner_id"))

    op.drop_table("person")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_partner_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_convention_id"))

    op.drop_table("commitment")
    op.drop_table("support_scheme")
    op.drop_table("partner")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_at"))

    op.drop_table("journal")
    op.drop_table("expense")
    op.drop_table("convention")
    op.drop_table("company")
    op.drop_table("basin")
    op.drop_table("app_setting")
