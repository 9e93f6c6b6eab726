-- DropIndex
DROP INDEX "member_id_last4_bidx_idx";

-- DropIndex
DROP INDEX "member_id_last6_bidx_idx";

-- CreateIndex
CREATE INDEX "household_id_village_code_idx" ON "household"("id", "village_code");

-- CreateIndex
CREATE INDEX "member_id_last4_bidx_household_id_idx" ON "member"("id_last4_bidx", "household_id");

-- CreateIndex
CREATE INDEX "member_id_last6_bidx_household_id_idx" ON "member"("id_last6_bidx", "household_id");
