# heketi-ts image. Multi-stage: the build stage compiles TypeScript and the native SQLite module,
# the runtime stage carries only what `node dist/main.js` needs. (No Docker engine runs on the
# project's machines, so CI tests the same entry point directly: `node bin/heketi-ts.js serve`.)
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json topology.example.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY etc/heketi.json /etc/heketi/heketi.json
RUN mkdir -p /var/lib/heketi && chown node:node /var/lib/heketi
ENV HEKETI_DB_PATH=/var/lib/heketi/heketi.db
USER node
VOLUME ["/etc/heketi", "/var/lib/heketi"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/hello').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, so SIGTERM reaches Node directly (npm start would not forward it).
CMD ["node", "dist/main.js", "serve", "--config=/etc/heketi/heketi.json"]
