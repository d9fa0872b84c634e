// Text from sources and runs made safe to print: control characters and ANSI escapes shown, never obeyed.

/** C0 controls, DEL and C1 controls (ESC starts ANSI sequences; U+009B is a one-character CSI). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` with every control character written out as `\u001b` and the like, so a value from a source (an
 * error message, a pipeline name, a row) cannot move the cursor, recolour or retitle the terminal.
 * `keepNewlines` leaves line breaks of multi-line messages alone.
 */
export function terminalText(text: string, { keepNewlines = false } = {}): string {
  return text.replace(keepNewlines ? CONTROL_BUT_LINES : CONTROL, escaped);
}

/** JSON for stdout: JSON escapes C0 itself, DEL and C1 are escaped here too (still valid JSON). */
export function terminalJson(document: unknown): string {
  return JSON.stringify(document, null, 2).replace(/[\u007f-\u009f]/g, escaped);
}
