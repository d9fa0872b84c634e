# The Sluice worker image: Sluice compiled to JavaScript, run by Node 24 as the unprivileged `node` user.
# The version matches NODE_24 in .ci/run, where the tests run on it.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
# All dependencies: the compiler is a devDependency. --ignore-scripts: the package's own `prepare` would build
# before the sources are here (the build is the RUN below), and no dependency's install script is needed to compile.
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

FROM node:24.21.0-bookworm-slim

# The SDK's Rust core verifies TLS servers (Temporal Cloud) against the system's CA store, which slim lacks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies before the code, so that a code change reuses this layer. Without devDependencies: no compiler, and
# none of the embedded dev stack's packages (embedded-postgres, @temporalio/testing). --ignore-scripts: `prepare`
# would try to build here, and the production dependencies' install scripts (esbuild, @swc/core, protobufjs) only
# check native parts that their platform packages already hold.
COPY package.json package-lock.json .npmrc ./
RUN npm install --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

COPY --from=build /app/dist ./dist
COPY bin ./bin
# The example project (its pipelines load through tsx; 'sluice' resolves to this package's dist/), and the
# tsconfig its own extends.
COPY tsconfig.json ./
COPY example ./example

# The heap cap keeps a worker's memory flat (README "Running workers"); set after npm install, which needs more.
ENV NODE_OPTIONS=--max-old-space-size=160
USER node
# `sluice worker` for the example project in node's own process (no npx in between), so that the container's
# stop signal reaches the worker, which then drains in-flight activities. With no cli/main.ts here, bin/sluice.js
# runs the compiled CLI. An image of your own copies its project and points --project at it.
CMD ["node", "bin/sluice.js", "worker", "--project", "/app/example"]
