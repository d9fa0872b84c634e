// Prints a command's result: one JSON document with --json, readable text otherwise.
import { terminalJson } from './terminal-text';

export interface OutputOptions {
  json?: boolean;
}

export function emit(options: OutputOptions, document: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${terminalJson(document)}\n` : `${human()}\n`);
}
