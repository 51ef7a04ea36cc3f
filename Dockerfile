# syntax=docker/dockerfile:1
# archera-graphql: multi-stage build on Node 24 (the active LTS). The runtime image holds production
# dependencies, the compiled JavaScript, the SDL and the example operations, and runs as the unprivileged
# `node` user.
#   docker build -t archera-graphql .
#   docker run --rm -p 4000:4000 -e ARCHERA_API_URL=https://api.archera.ai -e ARCHERA_API_KEY=... archera-graphql

# --- build: all dependencies, TypeScript -> dist/ -------------------------------------------------------
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies only ---------------------------------------------------------------
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time, relative to dist/: the SDL (../../schema from dist/graphql) and the Sandbox examples.
COPY schema ./schema
COPY openapi ./openapi
COPY examples ./examples
# The idempotency journal (data/idempotency.journal) when REDIS_URL is unset: writable by the app user.
# Mount a volume here to keep it across restarts.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
# node:24-slim has no curl: ask /healthz with Node itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node as PID 1 receives SIGTERM directly: the gateway drains requests in flight, then exits 0.
CMD ["node", "dist/main.js"]
