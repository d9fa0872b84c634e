// Contract patterns on a linear-time engine (re2js), so no value can make a pattern run for minutes.
import { RE2JS } from 're2js';

/** Longer patterns are refused: they are a sign of generated input, and compile time grows with length. */
export const MAX_PATTERN_LENGTH = 1_000;

/**
 * JavaScript's unicode escapes (`\u00e9`, `\u{1F600}`) in RE2's spelling (`\x{…}`); an escaped backslash
 * (`\\u00e9`, a literal backslash then text) is left as it is.
 */
function re2Syntax(pattern: string): string {
  return pattern.replace(/\\(?:\\|u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4}))/g, (escape, braced, four) =>
    escape === '\\\\' ? escape : `\\x{${braced ?? four}}`,
  );
}

/**
 * Why a contract pattern cannot be used, or undefined when it can. It must be a valid JavaScript regular
 * expression in unicode mode (what authors write) that RE2 also accepts: RE2 has no backreferences or
 * lookaround, which is what keeps matching linear in the length of the value.
 */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `is ${pattern.length} characters long; patterns may have at most ${MAX_PATTERN_LENGTH}`;
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return `is not a valid regular expression: ${(err as Error).message}`;
  }
  try {
    RE2JS.compile(re2Syntax(pattern));
  } catch (err) {
    return (
      `cannot run on the linear-time engine (RE2) contracts use: ${(err as Error).message}; ` +
      'rewrite it without backreferences (\\1, \\k<name>) and lookaround ((?=…), (?!…), (?<=…), (?<!…))'
    );
  }
  return undefined;
}

/** A search (unanchored, as RegExp.test: use ^…$ for the whole value) for a pattern patternProblem accepts. */
export function patternSearch(pattern: string): (value: string) => boolean {
  const compiled = RE2JS.compile(re2Syntax(pattern));
  return (value) => compiled.matcher(value).find();
}
