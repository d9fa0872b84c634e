// The repository root, from which pipeline definitions name their files.
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
