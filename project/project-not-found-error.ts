// No Sluice project where a command looked: names the folders searched and how to make or name one.
import { CONFIG_FILE_NAMES } from './config-files';

export class ProjectNotFoundError extends Error {
  override name = 'ProjectNotFoundError';
  constructor(
    /** What pointed there: `--project`, `SLUICE_PROJECT`, or undefined for the search from the working directory. */
    readonly source: string | undefined,
    readonly searched: readonly string[],
  ) {
    const where = source
      ? `${source} names ${searched[0]}, which holds no ${CONFIG_FILE_NAMES[0]}`
      : `none of these folders holds a ${CONFIG_FILE_NAMES[0]}: ${searched.join(', ')}`;
    super(
      `no Sluice project found: ${where} (nor ${CONFIG_FILE_NAMES.slice(1).join(', ')}). ` +
        'Run `sluice init` to create a project, or pass --project <dir> (or set SLUICE_PROJECT) to name one.',
    );
  }
}
