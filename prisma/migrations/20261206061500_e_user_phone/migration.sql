-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "phone_bidx" BYTEA,
ADD COLUMN     "phone_enc" BYTEA;

-- CreateIndex
CREATE INDEX "app_user_phone_bidx_idx" ON "app_user"("phone_bidx");
