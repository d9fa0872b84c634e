# The Sluice worker image: tsx runs the TypeScript on Node 20 (no build step), as the unprivileged `node` user.
FROM node:20.20.0-bookworm-slim

# The SDK's Rust core verifies TLS servers (Temporal Cloud) against the system's CA store, which slim lacks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies before the code, so that a code change reuses this layer. tsx is a runtime dependency;
# devDependencies (typescript, eslint, types) serve only the checks. Same install as .ci/run, less devDependencies.
COPY package.json package-lock.json .npmrc ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# The heap cap keeps a worker's memory flat (README "Running workers"); set after npm install, which needs more.
ENV NODE_OPTIONS=--max-old-space-size=160
USER node
# `sluice worker` for the example project in the worker's own process (`npx sluice` would put npm and a
# second node in between), so that the container's stop signal reaches the worker, which then drains
# in-flight activities. bin/sluice.js loads tsx itself. An image of your own points --project at its project.
CMD ["node", "bin/sluice.js", "worker", "--project", "/app/example"]
