// `sluice init`'s work: the project's name, its Sluice dependency and versions, the files, written.
import path from 'node:path';
import { projectName } from './project-name';
import { scaffoldFiles } from './scaffold-files';
import { scaffoldVersions, type SluiceManifest } from './scaffold-versions';
import { sluiceDependency } from './sluice-dependency';
import { inspectTargetFolder } from './target-folder';
import { writeScaffold, type WrittenScaffold } from './write-scaffold';

export interface InitOptions {
  /** The project folder, as given (relative to `cwd`). */
  dir: string;
  /** Write into a non-empty folder, replacing the scaffold's files there. */
  force: boolean;
  /** How the project depends on Sluice; else what the folder's package.json says, else this Sluice's version. */
  sluice?: string;
  cwd: string;
  /** The running Sluice's package.json. */
  manifest: SluiceManifest;
}

export interface InitResult extends WrittenScaffold {
  /** The commands to run next, from `cwd`. */
  next: string[];
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const projectDir = path.resolve(options.cwd, options.dir);
  const versions = scaffoldVersions(options.manifest);
  const folder = await inspectTargetFolder(projectDir);
  const found = folder.found ?? { dependencies: {}, devDependencies: {}, allowScripts: {} };
  const files = scaffoldFiles({
    name: projectName(projectDir),
    dependencies: {
      ...versions.dependencies,
      ...found.dependencies,
      // `npm install <tarball>` here wrote how to get Sluice; --sluice overrides it, this Sluice's version is the rest.
      sluice: options.sluice
        ? sluiceDependency(options.sluice, { cwd: options.cwd, projectDir })
        : (found.dependencies.sluice ?? versions.sluice),
    },
    devDependencies: { ...found.devDependencies, ...versions.devDependencies },
    allowScripts: { ...found.allowScripts, ...versions.allowScripts },
    node: versions.node,
  });
  const written = await writeScaffold(projectDir, files, { force: options.force, folder });
  // A folder below this one by its relative name, any other by its full path.
  const relative = path.relative(options.cwd, projectDir);
  const shown = relative.startsWith('..') ? projectDir : relative;
  return {
    ...written,
    next: [
      ...(relative ? [`cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`] : []),
      'npm install',
      'npx sluice dev --once',
      'npm test',
    ],
  };
}
