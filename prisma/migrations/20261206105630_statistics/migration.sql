-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReportKind" ADD VALUE 'MONTHLY_STATISTICS';
ALTER TYPE "ReportKind" ADD VALUE 'POLICY_POPULATION';
ALTER TYPE "ReportKind" ADD VALUE 'ROLLED_BACK';

-- CreateTable
CREATE TABLE "area_statistics" (
    "area_code" VARCHAR(15) NOT NULL,
    "parent_code" VARCHAR(15) NOT NULL,
    "level" "AreaLevel" NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "figures" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "area_statistics_pkey" PRIMARY KEY ("area_code")
);

-- CreateIndex
CREATE INDEX "area_statistics_parent_code_idx" ON "area_statistics"("parent_code");
