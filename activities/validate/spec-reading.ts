// Small helpers for reading a hand-written YAML document and wording what is wrong with it.

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a problem message shows it: short, quoted, and never the whole of a long text. */
export function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One problem per key not in `allowed`, with a hint when the key is a known look-alike. */
export function unknownKeyProblems(
  where: string,
  mapping: Mapping,
  allowed: readonly string[],
  hints: Readonly<Record<string, string>> = {},
): string[] {
  return Object.keys(mapping)
    .filter((key) => !allowed.includes(key))
    .map(
      (key) =>
        `${where ? `${where}: ` : ''}unknown key "${key}"${hints[key] ? ` (${hints[key]})` : ''}; allowed: ${allowed.join(', ')}`,
    );
}
