// The error a pipeline definition raises when it cannot run; it lists every problem at once.

export class DefinitionError extends Error {
  constructor(
    readonly pipeline: string,
    readonly problems: readonly string[],
  ) {
    super(`pipeline "${pipeline}" is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DefinitionError';
  }
}
