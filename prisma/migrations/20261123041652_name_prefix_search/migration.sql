-- DropIndex
DROP INDEX "household_head_name_idx";

-- DropIndex
DROP INDEX "member_name_idx";

-- CreateIndex
CREATE INDEX "household_head_name_prefix_idx" ON "household"("head_name" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "member_name_prefix_idx" ON "member"("name" varchar_pattern_ops);
