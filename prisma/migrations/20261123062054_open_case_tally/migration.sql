-- CreateTable
CREATE TABLE "open_case_tally" (
    "township_code" VARCHAR(9) NOT NULL,
    "deadline" DATE NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "open_case_tally_pkey" PRIMARY KEY ("township_code","deadline")
);

-- CreateIndex
CREATE INDEX "open_case_tally_scope_idx" ON "open_case_tally"("township_code" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "area_code_scope_idx" ON "area"("code" varchar_pattern_ops, "level");

-- Hand-written: the trigger that keeps open_case_tally, and its first filling (decision 011).
-- A case is open while closed_at is NULL. Each change moves one count from the old
-- (township, deadline) to the new one; the two rows are always changed in key order, so
-- two cases moving in opposite directions at the same moment cannot deadlock.
CREATE FUNCTION open_case_tally_add(township varchar, deadline date, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO open_case_tally AS t (township_code, deadline, count) VALUES (township, deadline, delta)
  ON CONFLICT (township_code, deadline) DO UPDATE SET count = t.count + delta;
$$;

CREATE FUNCTION open_case_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_key text;
  new_key text;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.closed_at IS NULL THEN
    old_key := substr(OLD.village_code, 1, 9) || '|' || coalesce(OLD.stage_deadline, DATE '9999-12-31')::text;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.closed_at IS NULL THEN
    new_key := substr(NEW.village_code, 1, 9) || '|' || coalesce(NEW.stage_deadline, DATE '9999-12-31')::text;
  END IF;
  IF old_key IS NOT DISTINCT FROM new_key THEN
    RETURN NULL;
  END IF;
  IF old_key IS NOT NULL AND (new_key IS NULL OR old_key < new_key) THEN
    PERFORM open_case_tally_add(substr(OLD.village_code, 1, 9), coalesce(OLD.stage_deadline, DATE '9999-12-31'), -1);
    old_key := NULL;
  END IF;
  IF new_key IS NOT NULL THEN
    PERFORM open_case_tally_add(substr(NEW.village_code, 1, 9), coalesce(NEW.stage_deadline, DATE '9999-12-31'), 1);
  END IF;
  IF old_key IS NOT NULL THEN
    PERFORM open_case_tally_add(substr(OLD.village_code, 1, 9), coalesce(OLD.stage_deadline, DATE '9999-12-31'), -1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER case_open_case_tally
  AFTER INSERT OR DELETE OR UPDATE OF village_code, stage_deadline, closed_at ON "case"
  FOR EACH ROW EXECUTE FUNCTION open_case_tally_apply();

INSERT INTO open_case_tally (township_code, deadline, count)
SELECT substr(village_code, 1, 9), coalesce(stage_deadline, DATE '9999-12-31'), count(*)::int
FROM "case" WHERE closed_at IS NULL GROUP BY 1, 2;
