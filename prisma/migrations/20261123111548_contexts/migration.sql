-- CreateTable
CREATE TABLE "user_contexts" (
    "id" BIGSERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "title" TEXT,
    "model" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "message_count" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "version" BIGSERIAL NOT NULL,
    "tier_history" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "active_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_contexts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_context_messages" (
    "context_id" BIGINT NOT NULL,
    "seq" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "name" TEXT,
    "tool_calls" JSONB,
    "tool_call_id" TEXT,
    "tokens" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "search" tsvector,

    CONSTRAINT "user_context_messages_pkey" PRIMARY KEY ("context_id","seq")
);

-- CreateTable
CREATE TABLE "user_contexts_archive" (
    "id" BIGINT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "title" TEXT,
    "model" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "message_count" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "version" BIGINT NOT NULL,
    "tier_history" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "active_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_contexts_archive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_context_purge_batches" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "context_ids" BIGINT[],
    "object_key" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "exported" INTEGER NOT NULL DEFAULT 0,
    "purged" INTEGER NOT NULL DEFAULT 0,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_context_purge_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_context_tier_samples" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hot_count" INTEGER NOT NULL,
    "warm_count" BIGINT NOT NULL,
    "warm_bytes" BIGINT NOT NULL,
    "cold_count" BIGINT NOT NULL,
    "cold_bytes" BIGINT NOT NULL,
    "redis_bytes" BIGINT NOT NULL,

    CONSTRAINT "user_context_tier_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_context_cache_invalidations" (
    "cache_key" TEXT NOT NULL,
    "version" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_context_cache_invalidations_pkey" PRIMARY KEY ("cache_key")
);

-- CreateIndex
CREATE INDEX "user_contexts_active_at_id_idx" ON "user_contexts"("active_at", "id");

-- CreateIndex
CREATE INDEX "user_contexts_user_id_updated_at_idx" ON "user_contexts"("user_id", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "user_contexts_updated_at_idx" ON "user_contexts"("updated_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "user_contexts_user_id_conversation_id_key" ON "user_contexts"("user_id", "conversation_id");

-- CreateIndex
CREATE INDEX "user_context_messages_search_idx" ON "user_context_messages" USING GIN ("search");

-- CreateIndex
CREATE INDEX "user_contexts_archive_active_at_id_idx" ON "user_contexts_archive"("active_at", "id");

-- CreateIndex
CREATE INDEX "user_contexts_archive_user_id_updated_at_idx" ON "user_contexts_archive"("user_id", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "user_contexts_archive_updated_at_idx" ON "user_contexts_archive"("updated_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "user_contexts_archive_user_id_conversation_id_key" ON "user_contexts_archive"("user_id", "conversation_id");

-- CreateIndex
CREATE INDEX "user_context_purge_batches_status_idx" ON "user_context_purge_batches"("status");

-- CreateIndex
CREATE INDEX "user_context_purge_batches_created_at_idx" ON "user_context_purge_batches"("created_at" DESC);

-- CreateIndex
CREATE INDEX "user_context_tier_samples_at_idx" ON "user_context_tier_samples"("at");

