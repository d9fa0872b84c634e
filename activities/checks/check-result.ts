// What running a step's checks yields: one result per check, as returned and as stored in sluice.check_results.
import type { CheckKind, CheckSeverity } from '../../core/checks/check-spec';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Which run and step the checks belong to. */
export interface CheckContext {
  pipeline: string;
  step: string;
  workflowId: string;
  runId: string;
}

export interface CheckResult {
  name: string;
  /** A declared check's kind, or `watermark`: what a step left out of the watermark it proposes. */
  kind: CheckKind | 'watermark';
  severity: CheckSeverity;
  /** warn: a warn-severity check failed, or a freshness check passed warnAfter only; fail: the step must fail. */
  status: CheckStatus;
  /** What the check saw: counts, failing examples, ages. */
  observed: { [key: string]: Json };
  message: string;
}

export interface CheckResultSet {
  context: CheckContext;
  /** In the order the checks were given. */
  results: CheckResult[];
  /** The worst status: fail when any check failed, warn when any warned, else pass. */
  status: CheckStatus;
}
