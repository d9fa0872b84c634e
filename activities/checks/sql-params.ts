// Collects the values of one SQL statement and hands out their $n placeholders, so values never enter SQL text.

export class SqlParams {
  readonly values: unknown[] = [];

  /** The placeholder for `value`, e.g. `$3`; pass a cast like 'numeric' to fix its type. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
