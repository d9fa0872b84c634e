// Prints a command's result: one JSON document with --json, readable text otherwise.

export interface OutputOptions {
  json?: boolean;
}

export function emit(options: OutputOptions, document: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(document, null, 2)}\n` : `${human()}\n`);
}
