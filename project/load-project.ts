// Loads a project: its sluice.config, then its pipelines module through tsx, checked as a whole before any use.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Catalog } from '../core/pipeline/catalog';
import { DEFAULT_TASK_QUEUE } from '../core/pipeline/defaults';
import { configProblems } from '../core/config/config-problems';
import { inDefaultSchema } from '../core/config/default-schema';
import { DEFAULT_PIPELINES_MODULE, DEFAULT_SCHEMA, type SluiceConfig } from '../core/config/sluice-config';
import { catalogFromExports } from './catalog-from-exports';
import { CONFIG_FILE_NAMES } from './config-files';
import { configFilesIn } from './find-project';
import { ProjectLoadError } from './project-load-error';
import { registerTypeScript } from './register-typescript';
import { requireUserModule } from './require-user-module';
import { sluiceVersionWarning } from './sluice-version-warning';

/** A project's configuration with every default filled in. */
export interface ResolvedConfig {
  /** The pipelines module as the config names it (relative to the config file). */
  pipelines: string;
  taskQueue: string;
  /** Only when the config names one: otherwise TEMPORAL_NAMESPACE, a Temporal profile, or `default` decides. */
  namespace?: string;
  /** Where target tables named without a schema go. */
  schema: string;
  dev: { run: string[] };
}

export interface LoadedProject {
  /** The project folder: relative paths in definitions (files, contracts) resolve from here. */
  dir: string;
  configFile: string;
  config: ResolvedConfig;
  pipelinesFile: string;
  catalog: Catalog;
  /** Worth telling the user, not worth refusing for (another Sluice version). */
  warnings: string[];
}

/** The config file of `dir`, which must hold exactly one. */
function configFileOf(dir: string): string {
  const files = configFilesIn(dir);
  if (files.length === 1) return files[0]!;
  throw new ProjectLoadError(
    dir,
    files.length === 0
      ? [`no ${CONFIG_FILE_NAMES.join(', ')} in ${dir}; run \`sluice init\` there to create a project`]
      : [`${files.map((f) => path.basename(f)).join(' and ')} are both here; keep one`],
  );
}

/** Reads and checks sluice.config; throws ProjectLoadError with every problem. */
export function loadProjectConfig(projectDir: string): { configFile: string; config: ResolvedConfig } {
  const dir = path.resolve(projectDir);
  registerTypeScript(dir);
  const configFile = configFileOf(dir);
  const name = path.basename(configFile);
  const loaded = requireUserModule(configFile, dir);
  if (!loaded.ok) throw new ProjectLoadError(dir, loaded.problems);
  const config = defaultExport(loaded.exports);
  const problems =
    config === undefined
      ? ["has no default export; export default defineConfig({ … }) (defineConfig from 'sluice')"]
      : configProblems(config);
  if (problems.length > 0)
    throw new ProjectLoadError(
      dir,
      problems.map((p) => `${name}: ${p}`),
    );
  const given = config as SluiceConfig;
  return {
    configFile,
    config: {
      pipelines: given.pipelines ?? DEFAULT_PIPELINES_MODULE,
      taskQueue: given.taskQueue ?? DEFAULT_TASK_QUEUE,
      ...(given.namespace ? { namespace: given.namespace } : {}),
      schema: given.schema ?? DEFAULT_SCHEMA,
      dev: { run: given.dev?.run ?? [] },
    },
  };
}

/** The catalog with its unqualified tables in `schema` (as it is when that is PostgreSQL's default). */
function inSchema(catalog: Catalog, schema: string): Catalog {
  if (schema === DEFAULT_SCHEMA) return catalog;
  return new Map([...catalog].map(([name, definition]) => [name, inDefaultSchema(definition, schema)]));
}

/** An ES module's default export, or what a CommonJS module assigned to module.exports. */
function defaultExport(exports: unknown): unknown {
  const module = exports as { __esModule?: boolean; default?: unknown } | undefined;
  return module?.__esModule || (module && 'default' in module) ? module.default : exports;
}

/** Where the pipelines module is, resolved as an import from the config file would be (extension optional). */
function resolvePipelinesFile(configFile: string, pipelines: string): string | undefined {
  try {
    return createRequire(configFile).resolve(path.resolve(path.dirname(configFile), pipelines));
  } catch {
    return undefined;
  }
}

/**
 * Loads the project in `dir` (as findProjectDir returns it): config, pipelines module, catalog. Everything
 * wrong is reported at once in a ProjectLoadError: syntax errors with file and line, modules not found, a
 * missing export, duplicate names, invalid definitions, unknown names in `dev.run`.
 */
export async function loadProject(projectDir: string): Promise<LoadedProject> {
  const dir = path.resolve(projectDir);
  const { configFile, config } = loadProjectConfig(dir);
  const name = path.basename(configFile);
  const pipelinesFile = resolvePipelinesFile(configFile, config.pipelines);
  if (!pipelinesFile)
    throw new ProjectLoadError(dir, [
      `${name}: pipelines names "${config.pipelines}", and no module is there (looked for ${path.resolve(dir, config.pipelines)})`,
    ]);
  const loaded = requireUserModule(pipelinesFile, dir);
  if (!loaded.ok) throw new ProjectLoadError(dir, loaded.problems);
  const shown = path.relative(dir, pipelinesFile);
  const exported = catalogFromExports(loaded.exports);
  const { problems } = exported;
  const catalog = inSchema(exported.catalog, config.schema);
  const found = problems.map((p) => `${shown}: ${p}`);
  const unknown = config.dev.run.filter((pipeline) => !catalog.has(pipeline));
  if (unknown.length > 0 && catalog.size > 0)
    found.push(
      `${name}: dev.run names ${unknown.map((u) => `"${u}"`).join(', ')}, not in the catalog; known pipelines: ${[...catalog.keys()].join(', ')}`,
    );
  if (found.length > 0) throw new ProjectLoadError(dir, found);
  const warning = sluiceVersionWarning(dir);
  return {
    dir,
    configFile,
    config: {
      ...config,
      dev: { run: config.dev.run.length > 0 ? config.dev.run : [...catalog.keys()].slice(0, 1) },
    },
    pipelinesFile,
    catalog,
    warnings: warning ? [warning] : [],
  };
}
