// The error a contract file raises when it cannot be used; it lists every problem at once.

export class ContractError extends Error {
  override name = 'ContractError';

  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`contract ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
