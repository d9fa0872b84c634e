// Tells a JSON body cut off in transit, where nothing frames it, from one the server sent that way.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether the body was cut off on the way: it has neither Content-Length nor a transfer encoding (so the
 * connection's end is its end, as HTTP/1.0 allows, and a dropped connection looks like a whole answer),
 * and its JSON ends inside a string or with an object or array still open. A framed body that ends early
 * was sent so, and a retry would read the same.
 */
export function bodyCutOff(headers: Headers, bytes: Uint8Array): boolean {
  if (headers.has('content-length') || headers.has('transfer-encoding')) return false;
  return jsonEndsEarly(bytes);
}

/** Whether `bytes` end inside a string or with a bracket open; only the end is judged, not the JSON. */
export function jsonEndsEarly(bytes: Uint8Array): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i] as number;
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) depth += 1;
    else if (CLOSERS.has(byte)) depth -= 1;
  }
  return inString || depth > 0;
}
