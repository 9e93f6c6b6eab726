-- CreateEnum
CREATE TYPE "CaseStage" AS ENUM ('TOWNSHIP_VERIFICATION', 'DISTRICT_REVIEW', 'PUBLICITY_PENDING', 'PUBLICITY_RUNNING', 'PUBLICITY_ENDED', 'OBJECTION_REVIEW', 'DESIGNATED', 'REJECTED', 'OBJECTION_UPHELD', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('DUE_NEXT_WORKING_DAY', 'OVERDUE');

-- CreateTable
CREATE TABLE "case" (
    "id" UUID NOT NULL,
    "case_no" VARCHAR(32) NOT NULL,
    "household_id" UUID NOT NULL,
    "open_household_id" UUID,
    "category" "HouseholdCategory" NOT NULL,
    "stage" "CaseStage" NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "opened_on" DATE NOT NULL,
    "stage_started_on" DATE NOT NULL,
    "stage_deadline" DATE,
    "deadline_complete" BOOLEAN NOT NULL DEFAULT true,
    "return_count" INTEGER NOT NULL DEFAULT 0,
    "assist_first" BOOLEAN NOT NULL DEFAULT false,
    "lead" JSONB NOT NULL,
    "round_records" JSONB NOT NULL,
    "publicity_posted_on" DATE,
    "publicity_starts_on" DATE,
    "publicity_ends_on" DATE,
    "closed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_event" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "acted_on" DATE NOT NULL,
    "actor_id" UUID,
    "actor_name" VARCHAR(64),
    "actor_role" "Role",
    "from_stage" "CaseStage" NOT NULL,
    "to_stage" "CaseStage" NOT NULL,
    "record" JSONB,
    "stage_deadline" DATE,
    "met_deadline" BOOLEAN,
    "new_deadline" DATE,

    CONSTRAINT "case_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_override" (
    "date" DATE NOT NULL,
    "is_working_day" BOOLEAN NOT NULL,
    "name" VARCHAR(50),
    "note" VARCHAR(500),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_override_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "stage" "CaseStage" NOT NULL,
    "stage_started_on" DATE NOT NULL,
    "deadline" DATE NOT NULL,
    "role" "Role" NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_read" (
    "notification_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_read_pkey" PRIMARY KEY ("notification_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "case_case_no_key" ON "case"("case_no");

-- CreateIndex
CREATE UNIQUE INDEX "case_open_household_id_key" ON "case"("open_household_id");

-- CreateIndex
CREATE INDEX "case_stage_stage_deadline_idx" ON "case"("stage", "stage_deadline");

-- CreateIndex
CREATE INDEX "case_scope_stage_deadline_idx" ON "case"("village_code" varchar_pattern_ops, "stage", "stage_deadline");

-- CreateIndex
CREATE INDEX "case_household_id_idx" ON "case"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "case_event_case_id_seq_key" ON "case_event"("case_id", "seq");

-- CreateIndex
CREATE INDEX "notification_role_scope_idx" ON "notification"("role", "village_code" varchar_pattern_ops, "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_case_id_stage_stage_started_on_kind_key" ON "notification"("case_id", "stage", "stage_started_on", "kind");

-- CreateIndex
CREATE INDEX "notification_read_user_id_idx" ON "notification_read"("user_id");

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_event" ADD CONSTRAINT "case_event_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_read" ADD CONSTRAINT "notification_read_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Hand-written: a case's history is append-only, like the audit trail.
CREATE FUNCTION "history_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'History rows can only be inserted; record a correction as a new row.';
END;
$$;

CREATE TRIGGER "case_event_reject_update_delete"
  BEFORE UPDATE OR DELETE ON "case_event"
  FOR EACH ROW EXECUTE FUNCTION "history_reject_change"();

CREATE TRIGGER "case_event_reject_truncate"
  BEFORE TRUNCATE ON "case_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_reject_change"();
