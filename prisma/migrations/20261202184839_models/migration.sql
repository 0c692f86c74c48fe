-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "file_count" INTEGER NOT NULL DEFAULT 0,
    "total_bytes" BIGINT NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'cold',
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "last_access_at" TIMESTAMPTZ(3),
    "access_count" BIGINT NOT NULL DEFAULT 0,
    "hot_since" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_files" (
    "model_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "etag" TEXT NOT NULL,
    "sha256" TEXT,

    CONSTRAINT "model_files_pkey" PRIMARY KEY ("model_id","path")
);

-- CreateTable
CREATE TABLE "model_moves" (
    "id" BIGSERIAL NOT NULL,
    "model_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "policy_run_id" BIGINT,
    "bytes_total" BIGINT NOT NULL DEFAULT 0,
    "bytes_done" BIGINT NOT NULL DEFAULT 0,
    "bytes_at_start" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "attempt_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "wait_for" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "model_moves_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_move_files" (
    "move_id" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "upload_id" TEXT,
    "part_size" BIGINT,
    "done" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "model_move_files_pkey" PRIMARY KEY ("move_id","path")
);

-- CreateTable
CREATE TABLE "model_move_parts" (
    "move_id" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "part_number" INTEGER NOT NULL,
    "etag" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,

    CONSTRAINT "model_move_parts_pkey" PRIMARY KEY ("move_id","path","part_number")
);

-- CreateTable
CREATE TABLE "model_tier_samples" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hot_count" INTEGER NOT NULL,
    "hot_bytes" BIGINT NOT NULL,
    "cold_count" INTEGER NOT NULL,
    "cold_bytes" BIGINT NOT NULL,

    CONSTRAINT "model_tier_samples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "models_prefix_key" ON "models"("prefix");

-- CreateIndex
CREATE INDEX "models_state_last_access_at_idx" ON "models"("state", "last_access_at");

-- CreateIndex
CREATE UNIQUE INDEX "models_type_name_version_key" ON "models"("type", "name", "version");

-- CreateIndex
CREATE INDEX "model_moves_model_id_created_at_idx" ON "model_moves"("model_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "model_moves_status_id_idx" ON "model_moves"("status", "id");

-- CreateIndex
CREATE INDEX "model_moves_policy_run_id_idx" ON "model_moves"("policy_run_id");

-- CreateIndex
CREATE INDEX "model_moves_created_at_idx" ON "model_moves"("created_at" DESC);

-- CreateIndex
CREATE INDEX "model_tier_samples_at_idx" ON "model_tier_samples"("at");

-- AddForeignKey
ALTER TABLE "model_files" ADD CONSTRAINT "model_files_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_moves" ADD CONSTRAINT "model_moves_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_move_files" ADD CONSTRAINT "model_move_files_move_id_fkey" FOREIGN KEY ("move_id") REFERENCES "model_moves"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_move_parts" ADD CONSTRAINT "model_move_parts_move_id_path_fkey" FOREIGN KEY ("move_id", "path") REFERENCES "model_move_files"("move_id", "path") ON DELETE CASCADE ON UPDATE CASCADE;

