// How a validate step names its data contract: a YAML file in the project, or a zod schema.
import type { ZodType } from 'zod';

export type ContractRef =
  /** Path relative to the project folder, e.g. `contracts/orders.yml`. */
  | { file: string }
  /**
   * A zod object schema; rows are validated with `safeParse` after the same value coercion a contract
   * file gets (blank, null and absent are "missing"; text is read as the field's zod type).
   */
  | {
      schema: ZodType<Record<string, unknown>>;
      /** Columns whose non-blank values must not repeat, like `unique: true` in a contract file. */
      unique?: string[];
    };
