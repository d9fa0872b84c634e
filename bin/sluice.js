#!/usr/bin/env node
// The `sluice` command: the compiled CLI in an installed package; the TypeScript sources through tsx in a checkout.
const { existsSync } = require('node:fs');
const path = require('node:path');

// The package ships no .ts, so cli/main.ts marks a source checkout. There the sources always win, so a dist/ left
// by an earlier build or `npm pack` can never run stale code.
const source = path.join(__dirname, '..', 'cli', 'main.ts');
if (existsSync(source)) {
  // What `node --import tsx` loads: tsx's hooks for require() and for import() (the commands loaded on demand).
  import('tsx').then(
    () => require(source),
    (err) => {
      process.stderr.write(`sluice: cannot load tsx to run the sources: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
} else {
  require('../dist/cli/main.js');
}
