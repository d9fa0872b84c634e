// Writes a small Sluice project into a fresh folder outside the repository, as a user's own would be.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './run-process';

/** Sluice's authoring API by absolute path: what `import … from 'sluice'` gives an installed project. */
export const SLUICE_API = JSON.stringify(path.join(ROOT, 'core/index.ts'));

/** A valid pipeline module named `name` reading `data/<name>.csv`, for projects that need one that works. */
export const csvPipeline = (name: string, exportName = name) => `
import { definePipeline } from ${SLUICE_API};
export const ${exportName} = definePipeline({
  name: '${name}',
  description: 'rows of data/${name}.csv in ${name}_fct',
  owner: 'tests',
  steps: [
    { kind: 'fetch', id: 'fetch_${name}', source: { kind: 'file', path: 'data/${name}.csv', format: 'csv' } },
    {
      kind: 'load',
      id: 'load_${name}',
      input: 'fetch_${name}',
      target: { table: '${name}_fct', mode: 'append', columns: [{ name: 'id', type: 'bigint' }] },
    },
  ],
});
`;

/** Writes `files` (path relative to the project → contents) into a new temp folder and returns the folder. */
export async function writeProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-project-'));
  // Open as a folder a person makes (mkdtemp's is private): embedded PostgreSQL, as root, runs as another user.
  await chmod(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}
