-- CreateEnum
CREATE TYPE "ImportMode" AS ENUM ('ALL_OR_NOTHING', 'VALID_ONLY');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('LEDGER', 'DEPARTMENT_LIST');

-- CreateTable
CREATE TABLE "import_job" (
    "id" UUID NOT NULL,
    "mode" "ImportMode" NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "file_name" VARCHAR(255) NOT NULL,
    "file_size" INTEGER NOT NULL,
    "file" BYTEA,
    "scope_code" VARCHAR(12) NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "phase" VARCHAR(32),
    "progress" INTEGER NOT NULL DEFAULT 0,
    "heartbeat_at" TIMESTAMPTZ(3),
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "households_total" INTEGER NOT NULL DEFAULT 0,
    "households_done" INTEGER NOT NULL DEFAULT 0,
    "created_count" INTEGER NOT NULL DEFAULT 0,
    "updated_count" INTEGER NOT NULL DEFAULT 0,
    "unchanged_count" INTEGER NOT NULL DEFAULT 0,
    "rejected_count" INTEGER NOT NULL DEFAULT 0,
    "problem_count" INTEGER NOT NULL DEFAULT 0,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "rejected_file" BYTEA,
    "error_code" VARCHAR(64),
    "error_message" VARCHAR(1000),

    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_snapshot" (
    "id" UUID NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "department" VARCHAR(32) NOT NULL DEFAULT '',
    "area_code" VARCHAR(12) NOT NULL,
    "report_date" DATE NOT NULL,
    "as_of" DATE NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "row_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_job_created_by_id_created_at_idx" ON "import_job"("created_by_id", "created_at");

-- CreateIndex
CREATE INDEX "import_job_status_created_at_idx" ON "import_job"("status", "created_at");

-- CreateIndex
CREATE INDEX "report_snapshot_area_code_report_date_idx" ON "report_snapshot"("area_code", "report_date");

-- CreateIndex
CREATE UNIQUE INDEX "report_snapshot_kind_department_area_code_report_date_key" ON "report_snapshot"("kind", "department", "area_code", "report_date");
