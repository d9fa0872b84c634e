// The running Sluice's package.json (the same file from the sources and from dist/): what the scaffold pins.
import { readFileSync } from 'node:fs';
import { runningSluicePackageFile } from '../../project/sluice-version-warning';
import type { SluiceManifest } from './scaffold-versions';

export function sluiceManifest(): SluiceManifest {
  return JSON.parse(readFileSync(runningSluicePackageFile(), 'utf8')) as SluiceManifest;
}
