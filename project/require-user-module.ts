// Requires a project's module; when files fail, it steps past each one so that one load reports every problem.
import { realpathSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describeLoadFailure } from './describe-load-failure';

const load = createRequire(__filename);

/** Thrown when a module reads a failed module's exports: a consequence of that failure, not a problem of its own. */
class FailedImportRead extends Error {
  override name = 'FailedImportRead';
}

export type UserModule = { ok: true; exports: unknown } | { ok: false; problems: string[] };

/**
 * Requires `file` (TypeScript through the hook registerTypeScript installed). A module that throws while
 * loading stops its importers, as anywhere in JavaScript; to report every broken file at once, each failing
 * file is replaced by a stand-in whose exports throw FailedImportRead, and the load is tried again. Modules
 * that loaded stay cached (they do not run twice); modules broken only by reading a stand-in are skipped
 * silently. It stops when the entry itself fails or a failure names no file of the project.
 */
export function requireUserModule(file: string, projectDir: string): UserModule {
  const root = realpathSync(projectDir);
  const entry = realpathSync(file);
  const problems: string[] = [];
  const standIns: string[] = [];
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100; // the failing file's frame sits below tsx's and Node's loader frames
  try {
    for (;;) {
      try {
        const exports: unknown = load(entry);
        return problems.length === 0 ? { ok: true, exports } : { ok: false, problems };
      } catch (err) {
        const failure = describeLoadFailure(err, root);
        if (!(err instanceof FailedImportRead)) problems.push(...failure.problems);
        const origin = failure.file && realpathOrSelf(failure.file);
        if (!origin || origin === entry || standIns.includes(origin)) return { ok: false, problems };
        load.cache[origin] = standIn(origin);
        standIns.push(origin);
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    for (const standInFile of standIns) delete load.cache[standInFile];
  }
}

function standIn(file: string): Module {
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  module.exports = new Proxy(
    {},
    {
      get: (_target, key) => {
        throw new FailedImportRead(`${file} did not load, so it has no export ${String(key)}`);
      },
    },
  );
  return module;
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file.startsWith('file://') ? fileURLToPath(file) : file);
  } catch {
    return file;
  }
}
