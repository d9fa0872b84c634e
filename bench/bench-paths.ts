// Where the benches run from (the repository) and where the example project they borrow a contract from lives.
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Relative paths in the bench catalog (its contract) resolve from the example project, as its workers' do. */
export const EXAMPLE_DIR = path.join(REPO_ROOT, 'example');
