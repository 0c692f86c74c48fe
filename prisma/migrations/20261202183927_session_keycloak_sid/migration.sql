-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "keycloak_sid" TEXT;

-- CreateIndex
CREATE INDEX "sessions_keycloak_sid_idx" ON "sessions"("keycloak_sid");

