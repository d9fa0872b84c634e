// Exit codes the CLI promises scripts: 0 success, 1 run failed or unreadable, 2 usage error, 3 server unreachable.
import { CommanderError } from 'commander';
import { ConfigError } from '../runtime/parse-env';
import { BackfillAlreadyRunningError, BackfillInputError } from '../client/backfill-errors';
import { CodecServerExposedError } from '../runtime/codec/codec-server';
import { UnknownKeyError } from '../runtime/codec/decryption-error';
import { ServerUnreachableError } from '../client/connect';
import { PipelineScheduleError } from '../client/schedule-error';
import {
  RunAlreadyRunningError,
  RunFailedError,
  RunRefusedError,
  RunUnreadableError,
  UnknownRunError,
} from '../client/run-errors';
import { ProjectLoadError } from '../project/project-load-error';
import { ProjectNotFoundError } from '../project/project-not-found-error';
import { MissingPackageError } from '../devstack/dev-stack-package';

export const EXIT = { ok: 0, runFailed: 1, usage: 2, unreachable: 3 } as const;

/** A usage error found by the CLI itself (a malformed flag, an unknown pipeline). */
export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE_ERRORS = [
  UsageError,
  ConfigError,
  ProjectNotFoundError,
  ProjectLoadError,
  UnknownRunError,
  RunRefusedError,
  RunAlreadyRunningError,
  BackfillAlreadyRunningError,
  BackfillInputError,
  PipelineScheduleError,
  UnknownKeyError, // before anything starts; once a run is started, RunUnreadableError
  MissingPackageError, // a dev-stack package the project has not installed
  CodecServerExposedError, // a non-loopback --host without SLUICE_CODEC_TOKEN or --allow-no-token
];

export function exitCodeFor(err: unknown): number {
  if (err instanceof ServerUnreachableError) return EXIT.unreachable;
  if (err instanceof RunFailedError || err instanceof RunUnreadableError) return EXIT.runFailed;
  if (err instanceof CommanderError) return EXIT.usage;
  if (USAGE_ERRORS.some((type) => err instanceof type)) return EXIT.usage;
  // By name: a definition error may come from another copy of Sluice (a project's own install).
  if (err instanceof Error && err.name === 'DefinitionError') return EXIT.usage;
  return EXIT.runFailed;
}
