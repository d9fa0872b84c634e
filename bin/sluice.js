#!/usr/bin/env node
// The `sluice` command: runs the TypeScript CLI through tsx.
require('tsx/cjs');
require('../cli/main.ts');
