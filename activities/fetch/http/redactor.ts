// Keeps secret values out of every message an HTTP source throws or reports.

export type Redact = (text: string) => string;

/** Replaces each secret, raw or URL-encoded as a query would carry it, with `***`. */
export function redactor(secrets: readonly string[]): Redact {
  const forms = [
    ...new Set(
      secrets
        .filter((secret) => secret.length > 0)
        .flatMap((secret) => [
          secret,
          encodeURIComponent(secret),
          new URLSearchParams({ s: secret }).toString().slice(2),
        ]),
    ),
  ].sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, form) => out.split(form).join('***'), text);
}

/** The error with secrets removed from its message, stack and causes (in place, so its class survives). */
export function redactError(err: unknown, redact: Redact): unknown {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    for (const key of ['message', 'stack'] as const) {
      const text = e[key];
      // defineProperty, not assignment: a DOMException (an abort reason) has a getter-only message.
      if (text && redact(text) !== text)
        Object.defineProperty(e, key, { value: redact(text), writable: true });
    }
  }
  return err;
}
