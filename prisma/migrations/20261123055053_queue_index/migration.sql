-- CreateIndex
CREATE INDEX "case_queue_idx" ON "case"("stage", "village_code" varchar_pattern_ops, "stage_deadline", "id", "return_count", "category");
