# heketi-ts image. Multi-stage: the build stage compiles TypeScript and the native SQLite module,
# the runtime stage carries only what `node dist/main.js` needs. No Docker engine runs on the
# project's machines, so test/deploy/dockerfile.test.ts checks this file's contract and runs the
# same entry point, healthcheck and default configuration directly.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# This image's Node lives under /usr/local (headers in /usr/local/include/node); the repository's
# .npmrc says nodedir=/usr for Debian's nodejs package, which is wrong here. The environment wins.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
# The default configuration: kubernetes executor, no keys (a real deployment mounts its own
# heketi.json here or sets HEKETI_ADMIN_KEY / HEKETI_USER_KEY). Never the mock or sample keys.
COPY deploy/container/heketi.json /etc/heketi/heketi.json
RUN mkdir -p /var/lib/heketi && chown node:node /var/lib/heketi
USER 1000:1000
VOLUME ["/etc/heketi", "/var/lib/heketi"]
EXPOSE 8080
# Asks /healthz on the port the configuration (or HEKETI_HTTP_PORT) gives, not a fixed 8080.
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "dist/main.js", "healthcheck", "--config=/etc/heketi/heketi.json"]
# A 2 MiB young generation keeps the resident set small under load (docs/benchmarks.md); set in
# the environment so that a Kubernetes `command:` override keeps it. The bench runs the same flags.
ENV NODE_OPTIONS=--max-semi-space-size=2
# Exec form, so SIGTERM reaches Node directly (npm start would not forward it).
CMD ["node", "dist/main.js", "serve", "--config=/etc/heketi/heketi.json"]
