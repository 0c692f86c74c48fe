-- CreateTable
CREATE TABLE "search_collections" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sources" JSONB NOT NULL,
    "model_provider" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "dimensions" INTEGER,
    "chunking" JSONB NOT NULL,
    "schedule" TEXT,
    "owner_id" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_scheduled_at" TIMESTAMPTZ(3),

    CONSTRAINT "search_collections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_documents" (
    "id" BIGSERIAL NOT NULL,
    "collection_id" UUID NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "modified_at" TIMESTAMPTZ(3),
    "content_type" TEXT,
    "title" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "done_etag" TEXT,
    "done_size" BIGINT,
    "done_generation" INTEGER,
    "seen_by" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "search_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_operations" (
    "id" BIGSERIAL NOT NULL,
    "collection_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "generation" INTEGER NOT NULL,
    "settings" JSONB,
    "phase" TEXT,
    "docs_total" INTEGER NOT NULL DEFAULT 0,
    "docs_done" INTEGER NOT NULL DEFAULT 0,
    "docs_indexed" INTEGER NOT NULL DEFAULT 0,
    "docs_failed" INTEGER NOT NULL DEFAULT 0,
    "docs_skipped" INTEGER NOT NULL DEFAULT 0,
    "docs_removed" INTEGER NOT NULL DEFAULT 0,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "search_operations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_eval_runs" (
    "id" BIGSERIAL NOT NULL,
    "collection_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "per_query" JSONB NOT NULL,

    CONSTRAINT "search_eval_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "search_collections_name_key" ON "search_collections"("name");

-- CreateIndex
CREATE INDEX "search_documents_collection_id_status_id_idx" ON "search_documents"("collection_id", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "search_documents_collection_id_bucket_key_key" ON "search_documents"("collection_id", "bucket", "key");

-- CreateIndex
CREATE INDEX "search_operations_collection_id_created_at_idx" ON "search_operations"("collection_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "search_operations_status_created_at_idx" ON "search_operations"("status", "created_at");

-- CreateIndex
CREATE INDEX "search_eval_runs_collection_id_created_at_idx" ON "search_eval_runs"("collection_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "search_collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "search_operations" ADD CONSTRAINT "search_operations_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "search_collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "search_eval_runs" ADD CONSTRAINT "search_eval_runs_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "search_collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

