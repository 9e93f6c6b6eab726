-- AlterTable
ALTER TABLE "import_job" DROP COLUMN "file";

-- CreateTable
CREATE TABLE "import_file_chunk" (
    "job_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "import_file_chunk_pkey" PRIMARY KEY ("job_id","seq")
);

-- AddForeignKey
ALTER TABLE "import_file_chunk" ADD CONSTRAINT "import_file_chunk_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
