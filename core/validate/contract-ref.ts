// How a validate step names its data contract: a YAML file in the project, or a zod schema.
import type { ZodType } from 'zod';

export type ContractRef =
  /** Path relative to the project folder, e.g. `contracts/orders.yml`. */
  | { file: string }
  /**
   * A zod object schema, judged with `safeParse`. Rows from a typed source (JSON, NDJSON, HTTP, PostgreSQL)
   * reach it as the source sent them, so `z.number()` rejects `"8745"` and `z.coerce.number()` accepts it.
   * Rows from a text source (CSV) are read as the fields' types first: blank text is missing, `"8745"` a number.
   */
  | {
      schema: ZodType<Record<string, unknown>>;
      /** Columns whose non-blank values must not repeat, like `unique: true` in a contract file. */
      unique?: string[];
      /**
       * Read typed values as the fields' types too, as text is read (`"8745"` → 8745, `""` → missing), like
       * `coerce: true` in a contract file; default false. `z.coerce.*` opts in one field, with zod's rules.
       */
      coerce?: boolean;
    };
