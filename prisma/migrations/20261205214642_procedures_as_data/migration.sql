-- CreateEnum
CREATE TYPE "MonitoringType" AS ENUM ('UNSTABLE_LIFTED', 'EDGE_AT_RISK', 'SUDDEN_HARDSHIP');

-- AlterEnum
ALTER TYPE "Designation" ADD VALUE 'MONITORING_TARGET';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CaseStage" ADD VALUE 'TOWNSHIP_REVIEW';
ALTER TYPE "CaseStage" ADD VALUE 'ELIMINATED';

-- AlterTable
ALTER TABLE "household" ADD COLUMN     "monitoring_type" "MonitoringType";

-- AlterTable (hand-edited: existing cases keep their procedure, named after the category that chose it before;
-- their rule set is adopted at the first start, which knows LOCAL_RULES)
ALTER TABLE "case" ADD COLUMN     "first_clue_on" DATE,
ADD COLUMN     "monitoring_type" "MonitoringType",
ADD COLUMN     "procedure" VARCHAR(40),
ADD COLUMN     "rule_set" VARCHAR(20);

UPDATE "case" SET "first_clue_on" = "opened_on",
  "procedure" = CASE "category"
    WHEN 'LIFTED_WITH_POLICY' THEN 'MONITORED_IDENTIFICATION'
    WHEN 'ORDINARY' THEN 'INSTANT_ASSISTANCE_IDENTIFICATION'
    ELSE 'ROLLBACK' END;

ALTER TABLE "case" ALTER COLUMN "first_clue_on" SET NOT NULL, ALTER COLUMN "procedure" SET NOT NULL;

-- CreateTable
CREATE TABLE "designation_period" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "designation" "Designation" NOT NULL,
    "monitoring_type" "MonitoringType",
    "started_on" DATE NOT NULL,
    "start_case_id" UUID,
    "ended_on" DATE,
    "end_case_id" UUID,
    "end_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "designation_period_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "designation_period_household_id_idx" ON "designation_period"("household_id");

-- CreateIndex
CREATE INDEX "designation_period_scope_idx" ON "designation_period"("village_code" varchar_pattern_ops, "started_on");

-- CreateIndex
CREATE INDEX "designation_period_exit_idx" ON "designation_period"("ended_on", "village_code" varchar_pattern_ops);

-- AddForeignKey
ALTER TABLE "designation_period" ADD CONSTRAINT "designation_period_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- At most one open designation period per household (not expressible in schema.prisma).
CREATE UNIQUE INDEX "designation_period_open_key" ON "designation_period"("household_id") WHERE "ended_on" IS NULL;

-- Households designated before periods were recorded: their period starts on the designation date,
-- linked to the case that completed it where there is one.
INSERT INTO "designation_period" ("id", "household_id", "village_code", "designation", "started_on", "start_case_id")
SELECT gen_random_uuid(), h."id", h."village_code", h."designation", COALESCE(h."designated_at", h."created_at"::date),
  (SELECT c."id" FROM "case" c WHERE c."household_id" = h."id" AND c."stage" = 'DESIGNATED' ORDER BY c."closed_at" DESC NULLS LAST LIMIT 1)
FROM "household" h WHERE h."designation" IS NOT NULL;
