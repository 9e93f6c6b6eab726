-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('HOUSEHOLDS', 'DEPARTMENT_WARNINGS');

-- CreateEnum
CREATE TYPE "LeadState" AS ENUM ('OPEN', 'CASE_OPENED', 'DISMISSED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'LEAD_DIGEST';
ALTER TYPE "NotificationKind" ADD VALUE 'LEAD_OVERDUE';

-- AlterEnum
ALTER TYPE "ReportKind" ADD VALUE 'MONTHLY_SCREENING';

-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "payload" JSONB,
ADD COLUMN     "scope_key" VARCHAR(80);

-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "department" VARCHAR(32),
ADD COLUMN     "duplicate_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "kind" "ImportKind" NOT NULL DEFAULT 'HOUSEHOLDS',
ADD COLUMN     "mapping" JSONB,
ADD COLUMN     "matched_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "out_of_area_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unmatched_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "lead" (
    "id" UUID NOT NULL,
    "lead_no" VARCHAR(20) NOT NULL,
    "state" "LeadState" NOT NULL DEFAULT 'OPEN',
    "household_id" UUID,
    "person_name" VARCHAR(50) NOT NULL,
    "phone_enc" BYTEA,
    "phone_bidx" BYTEA,
    "id_number_enc" BYTEA,
    "id_number_bidx" BYTEA,
    "village_id" INTEGER NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "risk_causes" VARCHAR(32)[],
    "description" VARCHAR(2000) NOT NULL,
    "first_clue_on" DATE NOT NULL,
    "last_clue_on" DATE NOT NULL,
    "handed_on" DATE NOT NULL,
    "verify_deadline" DATE NOT NULL,
    "deadline_complete" BOOLEAN NOT NULL DEFAULT true,
    "case_id" UUID,
    "dismiss_reason" VARCHAR(500),
    "closed_on" DATE,
    "closed_by_id" UUID,
    "created_by_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lead_clue" (
    "id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "source" VARCHAR(32) NOT NULL,
    "received_on" DATE NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "risk_causes" VARCHAR(32)[],
    "reporter_name" VARCHAR(50),
    "phone_enc" BYTEA,
    "reference" VARCHAR(16),
    "phone_last4_bidx" BYTEA,
    "early_warning_id" UUID,
    "taken_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_clue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department_warning" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "department" VARCHAR(32) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "household_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "amount_fen" BIGINT,
    "occurred_on" DATE,
    "note" VARCHAR(500),
    "row_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "department_warning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department_mapping" (
    "department" VARCHAR(32) NOT NULL,
    "area_code" VARCHAR(12) NOT NULL,
    "mapping" JSONB NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "department_mapping_pkey" PRIMARY KEY ("department","area_code")
);

-- CreateTable
CREATE TABLE "early_warning" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "rule" VARCHAR(32) NOT NULL,
    "facts" JSONB NOT NULL,
    "facts_hash" CHAR(32) NOT NULL,
    "raised_on" DATE NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "early_warning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "public_throttle" (
    "key" VARCHAR(120) NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "public_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "lead_lead_no_key" ON "lead"("lead_no");

-- CreateIndex
CREATE INDEX "lead_case_id_idx" ON "lead"("case_id");

-- CreateIndex
CREATE INDEX "lead_queue_idx" ON "lead"("state", "village_code" varchar_pattern_ops, "verify_deadline");

-- CreateIndex
CREATE INDEX "lead_scope_first_clue_idx" ON "lead"("village_code" varchar_pattern_ops, "first_clue_on");

-- CreateIndex
CREATE INDEX "lead_household_id_idx" ON "lead"("household_id");

-- CreateIndex
CREATE INDEX "lead_phone_bidx_idx" ON "lead"("phone_bidx");

-- CreateIndex
CREATE INDEX "lead_id_number_bidx_idx" ON "lead"("id_number_bidx");

-- CreateIndex
CREATE UNIQUE INDEX "lead_open_household_key" ON "lead"("household_id") WHERE (state = 'OPEN');

-- CreateIndex
CREATE UNIQUE INDEX "lead_clue_reference_key" ON "lead_clue"("reference");

-- CreateIndex
CREATE INDEX "lead_clue_lead_id_idx" ON "lead_clue"("lead_id");

-- CreateIndex
CREATE INDEX "lead_clue_early_warning_id_idx" ON "lead_clue"("early_warning_id");

-- CreateIndex
CREATE UNIQUE INDEX "department_warning_row_key_key" ON "department_warning"("row_key");

-- CreateIndex
CREATE INDEX "department_warning_household_id_idx" ON "department_warning"("household_id");

-- CreateIndex
CREATE INDEX "department_warning_scope_idx" ON "department_warning"("village_code" varchar_pattern_ops, "created_at");

-- CreateIndex
CREATE INDEX "early_warning_scope_idx" ON "early_warning"("village_code" varchar_pattern_ops, "raised_on");

-- CreateIndex
CREATE UNIQUE INDEX "early_warning_household_id_rule_key" ON "early_warning"("household_id", "rule");

-- CreateIndex
CREATE UNIQUE INDEX "notification_scope_key_key" ON "notification"("scope_key");

-- AddForeignKey
ALTER TABLE "lead_clue" ADD CONSTRAINT "lead_clue_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
