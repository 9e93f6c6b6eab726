-- AlterTable
ALTER TABLE "area_statistics" ADD COLUMN     "summary" JSONB NOT NULL DEFAULT '{}';

-- Rows stored before this column: their summary from their figures (the refresh writes it from now on).
UPDATE "area_statistics" SET "summary" = jsonb_build_object(
  'totals', figures->'totals', 'monitoringRate', figures->'monitoringRate', 'compliance', figures->'compliance',
  'identifiedThisMonth', coalesce((figures->'trend'->-1->>'identified')::int, 0),
  'eliminatedThisMonth', coalesce((figures->'trend'->-1->>'eliminated')::int, 0));
