-- CreateTable
CREATE TABLE "file_uploads" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "content_type" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "s3_upload_id" TEXT,
    "part_size" BIGINT,
    "part_count" INTEGER,
    "status" TEXT NOT NULL,
    "etag" TEXT,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "file_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "share_links" (
    "id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "note" TEXT,
    "created_by_id" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "max_downloads" INTEGER,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    "last_access_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "share_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "share_link_accesses" (
    "id" BIGSERIAL NOT NULL,
    "link_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "user_agent" TEXT,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "share_link_accesses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bucket_usage" (
    "bucket" TEXT NOT NULL,
    "objects" BIGINT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "bucket_usage_pkey" PRIMARY KEY ("bucket")
);

-- CreateIndex
CREATE INDEX "file_uploads_user_id_started_at_idx" ON "file_uploads"("user_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "file_uploads_status_started_at_idx" ON "file_uploads"("status", "started_at");

-- CreateIndex
CREATE INDEX "file_uploads_started_at_idx" ON "file_uploads"("started_at" DESC);

-- CreateIndex
CREATE INDEX "file_uploads_s3_upload_id_idx" ON "file_uploads"("s3_upload_id");

-- CreateIndex
CREATE UNIQUE INDEX "share_links_token_hash_key" ON "share_links"("token_hash");

-- CreateIndex
CREATE INDEX "share_links_created_by_id_created_at_idx" ON "share_links"("created_by_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "share_links_created_at_idx" ON "share_links"("created_at" DESC);

-- CreateIndex
CREATE INDEX "share_link_accesses_link_id_at_idx" ON "share_link_accesses"("link_id", "at" DESC);

-- AddForeignKey
ALTER TABLE "share_link_accesses" ADD CONSTRAINT "share_link_accesses_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "share_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

