-- CreateTable
CREATE TABLE "file_operations" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "source_bucket" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "destination_bucket" TEXT,
    "total" INTEGER,
    "total_bytes" BIGINT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "verified" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "cursor" JSONB NOT NULL DEFAULT '{"item":0}',
    "batch_end" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "name" TEXT,
    "result_bucket" TEXT,
    "result_key" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "file_operations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "file_operations_status_created_at_idx" ON "file_operations"("status", "created_at");

-- CreateIndex
CREATE INDEX "file_operations_user_id_created_at_idx" ON "file_operations"("user_id", "created_at" DESC);

