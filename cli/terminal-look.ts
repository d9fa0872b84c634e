// How to draw on an output stream: live redraws and box tables on a terminal, colours there unless NO_COLOR.

export interface TerminalLook {
  /** A terminal: redraw in place and draw boxes. Otherwise (a pipe, a file, a CI log) plain lines only. */
  live: boolean;
  /** ANSI colours: on a terminal, unless NO_COLOR is set to anything but the empty string (no-color.org). */
  colour: boolean;
}

export function terminalLook(
  out: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): TerminalLook {
  const live = out.isTTY === true;
  return { live, colour: live && !env.NO_COLOR };
}
