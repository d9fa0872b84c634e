#!/usr/bin/env node
// The `sluice` command: runs the TypeScript CLI through tsx.
require('tsx/cjs');
require('../client/cli/main.ts');
