// One writer per load mode.
import type { LoadMode } from '../../core/load/load-target';
import { writeAppend } from './write-append';
import { writeHistory } from './write-history';
import { writeMerge } from './write-merge';
import { writeReplace } from './write-replace';
import { writeReplacePartition } from './write-replace-partition';
import type { Writer } from './write-context';

export const WRITERS: Record<LoadMode, Writer> = {
  append: writeAppend,
  merge: writeMerge,
  replace: writeReplace,
  'replace-partition': writeReplacePartition,
  history: writeHistory,
};
