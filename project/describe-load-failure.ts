// Turns an error thrown while a project's module loaded into problems a person can act on: file, line, what.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LoadFailure {
  /** The project file that failed, when one can be named. */
  file?: string;
  problems: string[];
}

type Located = { file: string; line: number; column: number };

const FRAME = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/;
const ESBUILD_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.+)$/gm;

/** Errors are recognised by name and shape, not instanceof: they may come from another copy of a module. */
const hasProblems = (err: object, name: string): err is Error & { problems: string[] } =>
  (err as Error).name === name && Array.isArray((err as { problems?: unknown }).problems);

export function describeLoadFailure(err: unknown, projectDir: string): LoadFailure {
  if (!(err instanceof Error)) return { problems: [`the module threw ${String(err)}`] };
  const syntax = [...err.message.matchAll(ESBUILD_ERROR)];
  if (syntax.length > 0) {
    // esbuild counts columns from 0, stack traces (and editors) from 1
    const at = (m: RegExpExecArray) => ({ file: m[1]!, line: Number(m[2]), column: Number(m[3]) + 1 });
    return {
      file: syntax[0]![1],
      problems: syntax.map((m) => `${where(at(m), projectDir)}syntax error: ${m[4]}`),
    };
  }
  const located = projectFrame(err.stack ?? '', projectDir);
  const prefix = located ? where(located, projectDir) : '';
  const file = located?.file ?? importerOf(err);
  return { ...(file ? { file } : {}), problems: messagesOf(err).map((m) => prefix + m) };
}

function messagesOf(err: Error): string[] {
  if (hasProblems(err, 'DefinitionError')) {
    const pipeline = (err as { pipeline?: unknown }).pipeline;
    return err.problems.map((p) => `pipeline "${String(pipeline)}": ${p}`);
  }
  if (hasProblems(err, 'SluiceConfigError')) return err.problems;
  if ((err as { code?: unknown }).code === 'MODULE_NOT_FOUND')
    return [`${err.message.split('\n')[0]}: check the import path, or install the package it names`];
  return [`${err.name}: ${err.message}`];
}

/** A module that was not found fails the file that imports it, which Node names first in requireStack. */
function importerOf(err: Error): string | undefined {
  const stack = (err as { requireStack?: unknown }).requireStack;
  return Array.isArray(stack) && typeof stack[0] === 'string' ? stack[0] : undefined;
}

/** The first stack frame in a file of the project (its node_modules excluded): where the module failed. */
function projectFrame(stack: string, projectDir: string): Located | undefined {
  for (const line of stack.split('\n')) {
    if (!line.trimStart().startsWith('at ')) continue;
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (isInside(file, projectDir)) return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return (
    relative !== '' &&
    !relative.startsWith('..') &&
    !path.isAbsolute(relative) &&
    !relative.split(path.sep).includes('node_modules')
  );
}

function where(at: Located, projectDir: string): string {
  const shown = isInside(at.file, projectDir) ? path.relative(projectDir, at.file) : at.file;
  return `${shown}:${at.line}:${at.column}: `;
}
