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
