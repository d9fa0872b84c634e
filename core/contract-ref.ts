// How a validate step names its data contract: a YAML file in pipelines/contracts, or a zod schema.
import type { ZodType } from 'zod';

export type ContractRef =
  /** Path relative to the project root, e.g. `pipelines/contracts/orders.yml`. */
  | { file: string }
  /** A zod object schema; rows are validated with `safeParse`. */
  | { schema: ZodType<Record<string, unknown>> };
