// The error a project's configuration raises when it cannot be used; it lists every problem at once.

export class SluiceConfigError extends Error {
  override name = 'SluiceConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`the Sluice config is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
