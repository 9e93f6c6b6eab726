-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "chain_hash" BYTEA,
ADD COLUMN     "chain_position" BIGINT,
ADD COLUMN     "chain_prev" BYTEA;

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "position" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_chain_position_key" ON "audit_entry"("chain_position");

-- CreateIndex
CREATE INDEX "audit_entry_unsealed_idx" ON "audit_entry"("id") WHERE chain_position IS NULL;

-- Hand-written (decision 014): the SM3 hash chain over the audit trail.
-- The chain starts from position 0 and 32 zero bytes. PostgreSQL cannot compute SM3, so the
-- hashes are written by the application (apps/api/src/modules/audit/audit-chain.ts); rows that
-- exist now are sealed right after migrating (sealAuditChain, called by server.ts).
INSERT INTO "audit_chain_head" ("id", "position", "hash") VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);

-- Every row inserted from now on carries its chain columns; the rows already there are exempt
-- until sealed, and only they can ever be sealed (an unchained row written later cannot be
-- smuggled into the chain by the next sealing). A trigger rather than a CHECK ... NOT VALID
-- constraint: prisma/schema.prisma cannot express the latter, and the migrations must describe
-- the same database as the schema (migrate.test.ts).
CREATE FUNCTION "audit_entry_require_chain"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."chain_position" IS NULL OR NEW."chain_prev" IS NULL OR NEW."chain_hash" IS NULL THEN
    RAISE EXCEPTION 'audit_entry_chained: an audit entry must be linked onto the hash chain when it is inserted'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_entry_require_chain"
  BEFORE INSERT ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_require_chain"();

-- Still append-only, with one exception for sealing: an entry whose three chain columns are all
-- NULL may have them set, once, with every other column unchanged.
CREATE OR REPLACE FUNCTION "audit_entry_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    IF TG_OP = 'UPDATE'
       AND OLD."chain_position" IS NULL AND OLD."chain_prev" IS NULL AND OLD."chain_hash" IS NULL
       AND NEW."chain_position" IS NOT NULL AND NEW."chain_prev" IS NOT NULL AND NEW."chain_hash" IS NOT NULL
       AND to_jsonb(NEW) - ARRAY['chain_position', 'chain_prev', 'chain_hash'] = to_jsonb(OLD) - ARRAY['chain_position', 'chain_prev', 'chain_hash'] THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_entry is append-only: % of entry % rejected', TG_OP, OLD."id"
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Audit entries can only be inserted; record a correction as a new entry.';
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only: % rejected', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit entries can only be inserted; record a correction as a new entry.';
END;
$$;

-- The head is one row; it only moves forward and is never removed.
CREATE FUNCTION "audit_chain_head_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."id" = OLD."id" AND NEW."position" >= OLD."position" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_head only moves forward: % rejected', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_chain_head_forward_only"
  BEFORE INSERT OR UPDATE OR DELETE ON "audit_chain_head"
  FOR EACH ROW EXECUTE FUNCTION "audit_chain_head_guard"();

CREATE TRIGGER "audit_chain_head_reject_truncate"
  BEFORE TRUNCATE ON "audit_chain_head"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_chain_head_guard"();
