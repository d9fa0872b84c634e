// Shows any value in a problem message without throwing: symbols, bigints and objects without a prototype too.

/** A short, readable form of `value`; strings are quoted, long ones cut. Never throws. */
export function shownValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'symbol' || typeof value === 'function') text = `a ${typeof value}`;
  else if (Array.isArray(value)) text = 'a list';
  else if (typeof value === 'object' && value !== null) text = 'an object';
  else text = String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
