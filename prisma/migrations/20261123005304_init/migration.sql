-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AreaLevel" AS ENUM ('PROVINCE', 'CITY', 'DISTRICT', 'TOWNSHIP', 'VILLAGE', 'NATURAL_VILLAGE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VILLAGE_CADRE', 'TOWNSHIP_STAFF', 'DISTRICT_REVIEWER', 'CITY_SUPERVISOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "HouseholdCategory" AS ENUM ('LIFTED_WITH_POLICY', 'LIFTED_WITHOUT_POLICY', 'ORDINARY');

-- CreateEnum
CREATE TYPE "Designation" AS ENUM ('MONITORED', 'INSTANT_ASSISTANCE');

-- CreateTable
CREATE TABLE "area" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(15) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "level" "AreaLevel" NOT NULL,
    "parent_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "area_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(100) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "area_id" INTEGER NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "failed_login_count" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "must_change_password" BOOLEAN NOT NULL DEFAULT false,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" CHAR(64) NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ip" VARCHAR(64),
    "user_agent" VARCHAR(300),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household" (
    "id" UUID NOT NULL,
    "household_no" VARCHAR(32) NOT NULL,
    "category" "HouseholdCategory" NOT NULL,
    "designation" "Designation",
    "designated_at" DATE,
    "village_id" INTEGER NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "natural_village_id" INTEGER,
    "address_detail" VARCHAR(200),
    "phone" VARCHAR(20),
    "risk_causes" VARCHAR(32)[],
    "difficulty_description" VARCHAR(2000),
    "income_year" INTEGER,
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
    "member_count" INTEGER NOT NULL DEFAULT 0,
    "head_name" VARCHAR(50) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "gender" VARCHAR(16) NOT NULL,
    "id_type" VARCHAR(32) NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "disability_suffix" VARCHAR(2),
    "relation" VARCHAR(32) NOT NULL,
    "ethnicity" VARCHAR(32) NOT NULL,
    "political_status" VARCHAR(32) NOT NULL,
    "education" VARCHAR(32) NOT NULL,
    "school_status" VARCHAR(32) NOT NULL,
    "health" VARCHAR(32) NOT NULL,
    "work_region" VARCHAR(32) NOT NULL,
    "work_months" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_name" VARCHAR(64),
    "actor_role" "Role",
    "action" VARCHAR(64) NOT NULL,
    "entity_type" VARCHAR(32) NOT NULL,
    "entity_id" VARCHAR(64) NOT NULL,
    "household_id" UUID,
    "before" JSONB,
    "after" JSONB,
    "reason" VARCHAR(1000),
    "request_id" VARCHAR(64),
    "ip" VARCHAR(64),

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "area_code_key" ON "area"("code");

-- CreateIndex
CREATE INDEX "area_parent_id_idx" ON "area"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

-- CreateIndex
CREATE INDEX "app_user_area_id_idx" ON "app_user"("area_id");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE INDEX "session_expires_at_idx" ON "session"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "household_household_no_key" ON "household"("household_no");

-- CreateIndex
CREATE INDEX "household_village_code_prefix_idx" ON "household"("village_code" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "household_village_id_idx" ON "household"("village_id");

-- CreateIndex
CREATE INDEX "household_natural_village_id_idx" ON "household"("natural_village_id");

-- CreateIndex
CREATE INDEX "household_category_idx" ON "household"("category");

-- CreateIndex
CREATE INDEX "household_designation_idx" ON "household"("designation");

-- CreateIndex
CREATE INDEX "household_head_name_idx" ON "household"("head_name");

-- CreateIndex
CREATE UNIQUE INDEX "member_id_number_key" ON "member"("id_number");

-- CreateIndex
CREATE INDEX "member_household_id_idx" ON "member"("household_id");

-- CreateIndex
CREATE INDEX "member_name_idx" ON "member"("name");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_at_idx" ON "audit_entry"("entity_type", "entity_id", "at");

-- CreateIndex
CREATE INDEX "audit_entry_household_id_at_idx" ON "audit_entry"("household_id", "at");

-- CreateIndex
CREATE INDEX "audit_entry_actor_id_at_idx" ON "audit_entry"("actor_id", "at");

-- AddForeignKey
ALTER TABLE "area" ADD CONSTRAINT "area_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "area"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_village_id_fkey" FOREIGN KEY ("village_id") REFERENCES "area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_natural_village_id_fkey" FOREIGN KEY ("natural_village_id") REFERENCES "area"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Appended from prisma/init-sql/audit-append-only.sql
-- Append-only audit trail (hand-written; scripts/new-migration.ts appends every
-- prisma/init-sql/*.sql file to the FIRST migration it generates).
-- Rows of audit_entry may be inserted and read, never changed or removed:
-- UPDATE and DELETE are rejected row by row, TRUNCATE by a statement trigger.
CREATE FUNCTION "audit_entry_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    RAISE EXCEPTION 'audit_entry is append-only: % of entry % rejected', TG_OP, OLD."id"
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Audit entries can only be inserted; record a correction as a new entry.';
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only: % rejected', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit entries can only be inserted; record a correction as a new entry.';
END;
$$;

CREATE TRIGGER "audit_entry_reject_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_reject_change"();

CREATE TRIGGER "audit_entry_reject_truncate"
  BEFORE TRUNCATE ON "audit_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_reject_change"();
