// Sluice's own package.json, found through the package's self-reference: the same file from the sources and from dist/.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface SluicePackage {
  /** The folder holding package.json: the checkout, or node_modules/sluice in an installed project. */
  root: string;
  version: string;
  /** Optional packages only the embedded dev stack needs, at the exact versions Sluice is tested with. */
  peerDependencies: Record<string, string>;
}

let read: SluicePackage | undefined;

export function sluicePackage(): SluicePackage {
  if (read) return read;
  const file = require.resolve('sluice/package.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Omit<SluicePackage, 'root'>;
  read = { root: path.dirname(file), version: json.version, peerDependencies: json.peerDependencies ?? {} };
  return read;
}
