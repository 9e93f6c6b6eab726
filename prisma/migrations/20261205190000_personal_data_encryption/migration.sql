-- Personal data at rest (docs/decisions/015-personal-data-encryption.md).
--
-- SQL cannot encrypt: the key is not in the database. So this migration adds
-- the encrypted and blind-index columns beside the clear ones (nullable), and
-- encryptClearPersonalData (apps/api/src/db/encrypt-personal-data.ts), which
-- the server runs right after the migrations with the key, fills them in
-- batches, then drops member.id_number and household.phone and makes the
-- member columns NOT NULL. Until that step has run, no application code reads
-- or writes the clear columns (it knows only the new ones).

ALTER TABLE "member"
  ADD COLUMN "id_number_enc" BYTEA,
  ADD COLUMN "id_number_bidx" BYTEA,
  ADD COLUMN "id_last4_bidx" BYTEA,
  ADD COLUMN "id_last6_bidx" BYTEA,
  ALTER COLUMN "id_number" DROP NOT NULL;

-- Uniqueness of ID numbers moves to the blind index of the whole number.
CREATE UNIQUE INDEX "member_id_number_bidx_key" ON "member"("id_number_bidx");
-- The last-digits searches officials use: equality on a keyed index, then the area filter.
CREATE INDEX "member_id_last4_bidx_idx" ON "member"("id_last4_bidx");
CREATE INDEX "member_id_last6_bidx_idx" ON "member"("id_last6_bidx");

ALTER TABLE "household"
  ADD COLUMN "phone_enc" BYTEA,
  ADD COLUMN "phone_bidx" BYTEA;
CREATE INDEX "household_phone_bidx_idx" ON "household"("phone_bidx");

-- Audit entries and case records keep masked numbers only (371002********1234,
-- 138****5678), as every view shows them. The same rule as maskPersonalData
-- (apps/api/src/lib/personal-data.ts): any "idNumber" or "phone" string, at any depth.
CREATE FUNCTION pg_temp.fanpin_mask(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k text;
  v jsonb;
  s text;
  result jsonb;
BEGIN
  IF j IS NULL THEN
    RETURN NULL;
  ELSIF jsonb_typeof(j) = 'object' THEN
    result := '{}'::jsonb;
    FOR k, v IN SELECT e.key, e.value FROM jsonb_each(j) e LOOP
      IF k = 'idNumber' AND jsonb_typeof(v) = 'string' THEN
        s := v #>> '{}';
        result := result || jsonb_build_object(k, CASE WHEN length(s) < 10 THEN repeat('*', length(s))
          ELSE left(s, 6) || repeat('*', length(s) - 10) || right(s, 4) END);
      ELSIF k = 'phone' AND jsonb_typeof(v) = 'string' THEN
        s := v #>> '{}';
        result := result || jsonb_build_object(k, CASE WHEN length(s) <= 7 THEN repeat('*', length(s))
          ELSE left(s, 3) || repeat('*', length(s) - 7) || right(s, 4) END);
      ELSE
        result := result || jsonb_build_object(k, pg_temp.fanpin_mask(v));
      END IF;
    END LOOP;
    RETURN result;
  ELSIF jsonb_typeof(j) = 'array' THEN
    RETURN COALESCE((SELECT jsonb_agg(pg_temp.fanpin_mask(e.value) ORDER BY e.ordinality) FROM jsonb_array_elements(j) WITH ORDINALITY e), '[]'::jsonb);
  END IF;
  RETURN j;
END $$;

-- The trail and the case events are append-only (triggers); the owner lifts
-- that for this one rewrite, inside this migration's transaction.
ALTER TABLE "audit_entry" DISABLE TRIGGER "audit_entry_reject_update_delete";
UPDATE "audit_entry" SET "before" = pg_temp.fanpin_mask("before"), "after" = pg_temp.fanpin_mask("after")
WHERE "before"::text ~ '"(idNumber|phone)"' OR "after"::text ~ '"(idNumber|phone)"';
ALTER TABLE "audit_entry" ENABLE TRIGGER "audit_entry_reject_update_delete";

ALTER TABLE "case_event" DISABLE TRIGGER "case_event_reject_update_delete";
UPDATE "case_event" SET "record" = pg_temp.fanpin_mask("record") WHERE "record"::text ~ '"(idNumber|phone)"';
ALTER TABLE "case_event" ENABLE TRIGGER "case_event_reject_update_delete";

UPDATE "case" SET "round_records" = pg_temp.fanpin_mask("round_records"), "lead" = pg_temp.fanpin_mask("lead")
WHERE "round_records"::text ~ '"(idNumber|phone)"' OR "lead"::text ~ '"(idNumber|phone)"';
