// What a project's sluice.config.ts declares: where its pipelines live and the defaults its commands use.

export interface SluiceConfig {
  /** The pipelines module, relative to the config file; default `./pipelines/index.ts`. */
  pipelines?: string;
  /** Task queue workers poll and runs start on; SLUICE_TASK_QUEUE wins when set. Default `sluice`. */
  taskQueue?: string;
  /** Temporal namespace; TEMPORAL_NAMESPACE wins when set. Default `default`. */
  namespace?: string;
  /** The PostgreSQL schema of target tables (and relationships checks' parents) named without one; default `public`. */
  schema?: string;
  dev?: {
    /** Pipelines `sluice dev` runs once at start; default: the catalog's first. */
    run?: string[];
  };
}

/** The keys sluice.config.ts may set, for the message that names an unknown one. */
export const CONFIG_KEYS = ['pipelines', 'taskQueue', 'namespace', 'schema', 'dev'] as const;

/** Where the pipelines module is when the config does not say. */
export const DEFAULT_PIPELINES_MODULE = './pipelines/index.ts';

/** PostgreSQL's own default schema: where tables named without one go unless the config says otherwise. */
export const DEFAULT_SCHEMA = 'public';
