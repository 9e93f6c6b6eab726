-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0;

-- A job running when this is applied was claimed at least once.
UPDATE "import_job" SET "attempts" = 1 WHERE "status" = 'RUNNING';
