// Every activity the worker registers, built from its dependencies (no globals).
import type { Pool } from 'pg';
import type { StepInput, StepResult } from '../core/run/run-types';
import type { Catalog } from '../core/pipeline/catalog';
import type { AlertSettings } from './alerts/alert-settings';
import { createSendAlert } from './alerts/send-alert';
import { withChecks } from './checks/with-checks';
import { createCleanup } from './cleanup-activity';
import { withOutageWait } from './db/database-outage';
import { createFetch } from './fetch/fetch-activity';
import { createLoad } from './load/load-activity';
import { createPartitionRuns } from './partition-runs';
import { createResolvePlan } from './resolve-plan';
import { createRunRecords } from './run-records';
import { createTransform } from './transform/transform-activity';
import { createValidate } from './validate/validate-activity';
import { withAttempt } from './with-attempt';

export interface ActivityDeps {
  pool: Pool;
  catalog: Catalog;
  /** Relative source paths in pipeline definitions are read from here. */
  baseDir: string;
  /** The webhook that receives alerts; none are sent when undefined. */
  alerts?: AlertSettings;
}

export function createActivities(deps: ActivityDeps) {
  const step = (activity: (input: StepInput) => Promise<StepResult>) =>
    withAttempt(withOutageWait(deps.pool, withChecks(deps, activity)));
  return {
    resolvePlan: createResolvePlan(deps.catalog, { alerts: deps.alerts !== undefined }),
    fetch: step(createFetch(deps)),
    validate: step(createValidate(deps)),
    transform: step(createTransform(deps)),
    load: step(createLoad(deps)),
    cleanup: createCleanup(deps.pool),
    sendAlert: createSendAlert(deps.pool, deps.alerts),
    ...createRunRecords(deps.pool),
    ...createPartitionRuns(deps.pool),
  };
}

/** The activity interface workflows proxy, by type only. */
export type SluiceActivities = ReturnType<typeof createActivities>;
