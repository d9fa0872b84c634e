// The repository's example project as tests use it: its folder, and its catalog loaded as the CLI loads it.
import path from 'node:path';
import type { Catalog } from '../../core/pipeline/catalog';
import { loadProject } from '../../project/load-project';
import { ROOT } from './run-process';

export const EXAMPLE_DIR = path.join(ROOT, 'example');

/** `sluice worker` for the example project, as startProcess takes it (the container runs the same). */
export const EXAMPLE_WORKER = ['bin/sluice.js', '--project', EXAMPLE_DIR, 'worker'];

export async function exampleCatalog(): Promise<Catalog> {
  return (await loadProject(EXAMPLE_DIR)).catalog;
}
