// The project a CLI invocation works on: found once (--project, SLUICE_PROJECT, or upward), loaded once.
import { catalogContractProblems } from '../activities/validate/catalog-contracts';
import { findProjectDir } from '../project/find-project';
import { loadProject, loadProjectConfig, type LoadedProject } from '../project/load-project';
import { ProjectLoadError } from '../project/project-load-error';
import { ProjectNotFoundError } from '../project/project-not-found-error';
import { projectEnv } from '../project/project-env';

let projectFlag: string | undefined;
let loaded: Promise<LoadedProject> | undefined;

/** Called once the command line is parsed, with the global --project value. */
export function setProjectFlag(project: string | undefined): void {
  projectFlag = project;
}

const projectDir = () =>
  findProjectDir({ cwd: process.cwd(), env: process.env, ...(projectFlag ? { project: projectFlag } : {}) });

/** The project's directory, or undefined when none was named and none lies above the working directory. */
function foundProjectDir(): string | undefined {
  try {
    return projectDir();
  } catch (err) {
    if (err instanceof ProjectNotFoundError && err.source === undefined) return undefined;
    throw err;
  }
}

/** The whole project (config, pipelines, catalog); ProjectNotFoundError or ProjectLoadError when unusable. */
export function cliProject(): Promise<LoadedProject> {
  loaded ??= (async () => {
    const project = await loadProject(projectDir());
    for (const warning of project.warnings) process.stderr.write(`sluice: warning: ${warning}\n`);
    return project;
  })();
  return loaded;
}

/** The project for a command that runs its pipelines: also every contract file must be there and valid. */
export async function runnableCliProject(): Promise<LoadedProject> {
  const project = await cliProject();
  const problems = await catalogContractProblems(project.catalog, project.dir);
  if (problems.length > 0) throw new ProjectLoadError(project.dir, problems);
  return project;
}

/** The project when there is one: `run` checks names against it, and works as a thin client without. */
export async function optionalCliProject(): Promise<LoadedProject | undefined> {
  return foundProjectDir() === undefined ? undefined : cliProject();
}

/**
 * The environment a client command connects with: the project's task queue and namespace as defaults under
 * the variables (which win), read from sluice.config alone; the plain environment without a project.
 */
export function clientEnv(): NodeJS.ProcessEnv {
  const dir = foundProjectDir();
  return dir === undefined ? process.env : projectEnv(process.env, loadProjectConfig(dir).config);
}
