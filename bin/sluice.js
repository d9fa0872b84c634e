#!/usr/bin/env node
// The `sluice` command: the compiled CLI in an installed package; the TypeScript sources through tsx in a checkout.
const { existsSync } = require('node:fs');
const path = require('node:path');

// The package ships no .ts, so cli/main.ts marks a source checkout. There the sources always win, so a dist/ left
// by an earlier build or `npm pack` can never run stale code.
const source = path.join(__dirname, '..', 'cli', 'main.ts');
if (existsSync(source)) {
  require('tsx/cjs');
  require(source);
} else {
  require('../dist/cli/main.js');
}
