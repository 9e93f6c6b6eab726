-- Existing accounts count from the migration: their passwords expire PASSWORD_MAX_AGE_DAYS after it.
ALTER TABLE "app_user" ADD COLUMN     "password_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "sign_in_throttle" (
    "address" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("address")
);
