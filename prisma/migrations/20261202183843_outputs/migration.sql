-- CreateTable
CREATE TABLE "generated_outputs" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "on_hot" BOOLEAN NOT NULL DEFAULT false,
    "on_cold" BOOLEAN NOT NULL DEFAULT false,
    "access_count" INTEGER NOT NULL DEFAULT 0,
    "cold_reads" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploaded_at" TIMESTAMPTZ(3),
    "hot_since" TIMESTAMPTZ(3),
    "last_access_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,

    CONSTRAINT "generated_outputs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "generated_outputs_user_id_created_at_id_idx" ON "generated_outputs"("user_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "generated_outputs_on_hot_hot_since_idx" ON "generated_outputs"("on_hot", "hot_since");

-- CreateIndex
CREATE INDEX "generated_outputs_on_hot_cold_reads_idx" ON "generated_outputs"("on_hot", "cold_reads");

-- CreateIndex
CREATE INDEX "generated_outputs_on_cold_created_at_idx" ON "generated_outputs"("on_cold", "created_at");

-- CreateIndex
CREATE INDEX "generated_outputs_created_at_id_idx" ON "generated_outputs"("created_at" DESC, "id");

