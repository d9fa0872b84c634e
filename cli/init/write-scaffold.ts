// Writes the scaffold into a folder: refuses a non-empty one unless forced, and checks everything before writing.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../exit-codes';
import type { ScaffoldFile } from './scaffold-files';
import type { TargetFolder } from './target-folder';

export interface WrittenScaffold {
  /** The project folder, absolute. */
  dir: string;
  /** Every file written, relative to `dir`, in the scaffold's order. */
  files: string[];
  /** Those that were there before (with `force`) and were overwritten. */
  replaced: string[];
}

const SHOWN_ENTRIES = 5;

/**
 * Writes `files` into `dir`; a folder occupied by anything (see inspectTargetFolder) is refused unless
 * `force`, and a path the scaffold needs that is a folder, or lies under a file, is refused even then.
 */
export async function writeScaffold(
  dir: string,
  files: readonly ScaffoldFile[],
  options: { force: boolean; folder: TargetFolder },
): Promise<WrittenScaffold> {
  const root = path.resolve(dir);
  const entries = options.folder.occupiedBy;
  if (entries.length > 0 && !options.force) {
    const shown = entries.slice(0, SHOWN_ENTRIES).join(', ');
    const more = entries.length > SHOWN_ENTRIES ? ` and ${entries.length - SHOWN_ENTRIES} more` : '';
    throw new UsageError(
      `${dir} is not empty (it holds ${shown}${more}); nothing was written. Name a new or empty folder, ` +
        `or pass --force to write the project's files there, replacing those with the same names`,
    );
  }
  const replaced = await filesInTheWay(root, files);
  for (const file of files) {
    const target = path.join(root, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  return { dir: root, files: files.map((f) => f.path), replaced };
}

/**
 * The scaffold's paths that exist already (they will be replaced); refuses, before anything is written, a
 * path that is a folder or lies under a file.
 */
async function filesInTheWay(root: string, files: readonly ScaffoldFile[]): Promise<string[]> {
  const replaced: string[] = [];
  const blocked: string[] = [];
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const found = await stat(path.join(root, ...parts.slice(0, i))).catch(() => undefined);
      if (!found) break;
      const last = i === parts.length;
      if (last && found.isFile()) replaced.push(file.path);
      else if (last ? !found.isFile() : !found.isDirectory()) {
        blocked.push(`${parts.slice(0, i).join('/')} (${found.isDirectory() ? 'a folder' : 'a file'})`);
        break;
      }
    }
  }
  if (blocked.length > 0)
    throw new UsageError(
      `cannot write the project into ${root}: ${blocked.join(', ')} stands where the scaffold writes a file; ` +
        'nothing was written. Move it away and run again',
    );
  return replaced;
}
