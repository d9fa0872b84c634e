// The npm package name of a new project, from its folder's name.
import path from 'node:path';

/** Lower case, URL-safe, no leading dot or underscore (npm's rules); `sluice-project` when nothing is left. */
export function projectName(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '')
    .slice(0, 214);
  return name || 'sluice-project';
}
