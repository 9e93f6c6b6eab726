-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'HELPER';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'ASSIGNMENT_OVERDUE';
ALTER TYPE "NotificationKind" ADD VALUE 'VISIT_OVERDUE';
ALTER TYPE "NotificationKind" ADD VALUE 'REVIEW_OVERDUE';

-- DropForeignKey
ALTER TABLE "notification" DROP CONSTRAINT "notification_case_id_fkey";

-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "household_id" UUID,
ADD COLUMN     "user_id" UUID,
ALTER COLUMN "case_id" DROP NOT NULL,
ALTER COLUMN "stage" DROP NOT NULL,
ALTER COLUMN "stage_started_on" DROP NOT NULL;

-- CreateTable
CREATE TABLE "helper" (
    "id" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "unit" VARCHAR(100) NOT NULL,
    "position" VARCHAR(50) NOT NULL DEFAULT '',
    "rank" VARCHAR(32) NOT NULL DEFAULT '',
    "phone_enc" BYTEA,
    "phone_bidx" BYTEA,
    "area_id" INTEGER NOT NULL,
    "area_code" VARCHAR(12) NOT NULL,
    "user_id" UUID,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "helper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "helper_assignment" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "helper_id" UUID NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "started_on" DATE NOT NULL,
    "ended_on" DATE,
    "end_reason" VARCHAR(500),
    "assigned_by_id" UUID,
    "assigned_by_name" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "helper_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assistance_file" (
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "assign_due" DATE,
    "lead_helper_id" UUID,
    "risk_class" VARCHAR(8),
    "risk_class_on" DATE,
    "last_visit_on" DATE,
    "next_visit_due" DATE NOT NULL,
    "last_review_quarter" VARCHAR(7),
    "plan_summary" VARCHAR(2000),
    "plan_updated_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistance_file_pkey" PRIMARY KEY ("household_id")
);

-- CreateTable
CREATE TABLE "assistance_measure" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "catalogue_code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "department" VARCHAR(32) NOT NULL,
    "amount_fen" BIGINT,
    "period" VARCHAR(8),
    "starts_on" DATE,
    "ends_on" DATE,
    "member_name" VARCHAR(50),
    "state" VARCHAR(16) NOT NULL,
    "delivered_on" DATE,
    "stopped_on" DATE,
    "stop_reason" VARCHAR(500),
    "note" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistance_measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "condition_record" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "value" VARCHAR(16) NOT NULL,
    "observed_on" DATE NOT NULL,
    "note" VARCHAR(500),
    "source" VARCHAR(8) NOT NULL,
    "visit_id" UUID,
    "recorded_by_id" UUID,
    "recorded_by_name" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "condition_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household_income_year" (
    "household_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "member_count" INTEGER NOT NULL,
    "a28_wage_income_fen" INTEGER NOT NULL DEFAULT 0,
    "a29a_family_planning_fen" INTEGER NOT NULL DEFAULT 0,
    "a29b_minimum_living_fen" INTEGER NOT NULL DEFAULT 0,
    "a29c_extreme_poverty_support_fen" INTEGER NOT NULL DEFAULT 0,
    "a29d_pension_fen" INTEGER NOT NULL DEFAULT 0,
    "a29e_ecological_compensation_fen" INTEGER NOT NULL DEFAULT 0,
    "a29f_other_transfer_fen" INTEGER NOT NULL DEFAULT 0,
    "a30_production_income_fen" INTEGER NOT NULL DEFAULT 0,
    "a31a_asset_dividend_fen" INTEGER NOT NULL DEFAULT 0,
    "a31b_other_property_fen" INTEGER NOT NULL DEFAULT 0,
    "a32_production_cost_fen" INTEGER NOT NULL DEFAULT 0,
    "note" VARCHAR(500),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "household_income_year_pkey" PRIMARY KEY ("household_id","year")
);

-- CreateTable
CREATE TABLE "household_expense_year" (
    "household_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "medical_fen" BIGINT NOT NULL DEFAULT 0,
    "education_fen" BIGINT NOT NULL DEFAULT 0,
    "disaster_fen" BIGINT NOT NULL DEFAULT 0,
    "other_fen" BIGINT NOT NULL DEFAULT 0,
    "note" VARCHAR(500),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "household_expense_year_pkey" PRIMARY KEY ("household_id","year")
);

-- CreateTable
CREATE TABLE "visit" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "visited_on" DATE NOT NULL,
    "mode" VARCHAR(16) NOT NULL,
    "visitor_id" UUID,
    "visitor_name" VARCHAR(64) NOT NULL,
    "helper_id" UUID,
    "met_with" VARCHAR(100) NOT NULL,
    "findings" VARCHAR(2000) NOT NULL,
    "next_steps" VARCHAR(1000),
    "changes" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quarterly_review" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "quarter" VARCHAR(7) NOT NULL,
    "reviewed_on" DATE NOT NULL,
    "income_change_fen" BIGINT,
    "risk_eased" BOOLEAN NOT NULL,
    "effect" VARCHAR(2000) NOT NULL,
    "plan_changes" VARCHAR(2000),
    "risk_class" VARCHAR(8),
    "reviewer_id" UUID,
    "reviewer_name" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quarterly_review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "helper_user_id_key" ON "helper"("user_id");

-- CreateIndex
CREATE INDEX "helper_area_code_prefix_idx" ON "helper"("area_code" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "helper_assignment_household_id_idx" ON "helper_assignment"("household_id");

-- CreateIndex
CREATE INDEX "helper_assignment_helper_id_ended_on_idx" ON "helper_assignment"("helper_id", "ended_on");

-- CreateIndex
CREATE INDEX "assistance_file_visit_idx" ON "assistance_file"("village_code" varchar_pattern_ops, "next_visit_due");

-- CreateIndex
CREATE INDEX "assistance_file_assign_idx" ON "assistance_file"("village_code" varchar_pattern_ops, "assign_due");

-- CreateIndex
CREATE INDEX "assistance_file_lead_helper_id_next_visit_due_idx" ON "assistance_file"("lead_helper_id", "next_visit_due");

-- CreateIndex
CREATE INDEX "assistance_measure_household_id_idx" ON "assistance_measure"("household_id");

-- CreateIndex
CREATE INDEX "assistance_measure_department_idx" ON "assistance_measure"("department", "village_code" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "condition_record_household_id_kind_observed_on_idx" ON "condition_record"("household_id", "kind", "observed_on");

-- CreateIndex
CREATE INDEX "visit_household_id_visited_on_idx" ON "visit"("household_id", "visited_on");

-- CreateIndex
CREATE INDEX "visit_scope_idx" ON "visit"("village_code" varchar_pattern_ops, "visited_on");

-- CreateIndex
CREATE UNIQUE INDEX "quarterly_review_household_id_quarter_key" ON "quarterly_review"("household_id", "quarter");

-- CreateIndex
CREATE INDEX "notification_user_id_created_at_idx" ON "notification"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_household_deadline_key" ON "notification"("household_id", "kind", "deadline", "role");

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "helper_assignment" ADD CONSTRAINT "helper_assignment_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "helper_assignment" ADD CONSTRAINT "helper_assignment_helper_id_fkey" FOREIGN KEY ("helper_id") REFERENCES "helper"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_file" ADD CONSTRAINT "assistance_file_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_measure" ADD CONSTRAINT "assistance_measure_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "condition_record" ADD CONSTRAINT "condition_record_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_income_year" ADD CONSTRAINT "household_income_year_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_expense_year" ADD CONSTRAINT "household_expense_year_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quarterly_review" ADD CONSTRAINT "quarterly_review_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express it): a household has at most one current helper in each role.
CREATE UNIQUE INDEX "helper_assignment_open_key" ON "helper_assignment"("household_id", "role") WHERE "ended_on" IS NULL;
