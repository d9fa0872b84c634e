// How the new project's package.json names Sluice: a version, or a local tarball or folder made relative to it.
import path from 'node:path';

/** A spec npm reads as a local path: `file:…`, `./…`, `../…`, an absolute path, or a `.tgz` file. */
const isLocal = (spec: string) =>
  spec.startsWith('file:') ||
  /^\.{1,2}([/\\]|$)/.test(spec) ||
  path.isAbsolute(spec) ||
  spec.endsWith('.tgz');

/**
 * `spec` as the project's package.json must write it. A local path given on the command line is relative to
 * where `sluice init` runs; the project's package.json needs it relative to the project folder.
 */
export function sluiceDependency(spec: string, from: { cwd: string; projectDir: string }): string {
  if (!isLocal(spec)) return spec;
  const target = path.resolve(from.cwd, spec.replace(/^file:/, ''));
  const relative = path.relative(path.resolve(from.projectDir), target).split(path.sep).join('/');
  return `file:${relative.startsWith('.') ? relative : `./${relative}`}`;
}
