-- AlterTable
ALTER TABLE "model_move_files" ADD COLUMN     "source_etag" TEXT;

