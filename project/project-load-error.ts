// A project that cannot be loaded: every problem found in its config and pipelines, each with file and line.

export class ProjectLoadError extends Error {
  override name = 'ProjectLoadError';
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(
      `cannot load the Sluice project in ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix these and run the command again; nothing was started.',
    );
  }
}
