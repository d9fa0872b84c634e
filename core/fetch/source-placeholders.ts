// The placeholders a source may use in its url or parameters: {{partition}}, {{watermark}}, {{params.<name>}}.

/** `{{name}}` in a source's url or params; group 1 is the name. Shared with the activities that fill it. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const PARAM_PLACEHOLDER = /^params\.([A-Za-z0-9_.-]+)$/;

/** The run value a placeholder stands for, or undefined when Sluice knows no such placeholder. */
export function placeholderTarget(
  name: string,
): { kind: 'partition' } | { kind: 'watermark' } | { kind: 'param'; param: string } | undefined {
  if (name === 'partition' || name === 'watermark') return { kind: name };
  const param = PARAM_PLACEHOLDER.exec(name)?.[1];
  return param === undefined ? undefined : { kind: 'param', param };
}

/** One problem per unknown placeholder in `text`; `field` names where it is. */
export function templateProblems(field: string, text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)]
    .filter((match) => placeholderTarget(match[1] ?? '') === undefined)
    .map(
      (match) =>
        `${field} uses unknown placeholder ${match[0]}; use {{partition}}, {{watermark}} or {{params.<name>}}`,
    );
}

/** True when `text` uses {{watermark}}. */
export function usesWatermark(text: string): boolean {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].some((match) => match[1] === 'watermark');
}
