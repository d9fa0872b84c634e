// The running Sluice's package.json, found through the package's self-reference (the same from sources and dist/).
import { readFileSync } from 'node:fs';
import type { SluiceManifest } from './scaffold-versions';

export function sluiceManifest(): SluiceManifest {
  return JSON.parse(readFileSync(require.resolve('sluice/package.json'), 'utf8')) as SluiceManifest;
}
