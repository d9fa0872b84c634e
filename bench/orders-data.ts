// The benches' orders: a deterministic generator, the orders contract as a plain zod schema, COPY text lines.
import { z } from 'zod';

/** The contract Sluice validates with (the sample pipeline's), relative to the example project. */
export const ORDERS_CONTRACT = 'contracts/orders.yml';

const STATUSES = ['placed', 'shipped', 'delivered', 'cancelled'] as const;
const JAN_FIRST = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 86_400_000;

export interface Order {
  order_id: number;
  customer_id: string;
  status: string;
  amount: number;
  ordered_at: string;
}

/** Order number `n` (from 1), the same on every call: every row passes the contract. */
export function order(n: number): Order {
  const h = Math.imul(n, 2_654_435_761) >>> 0;
  return {
    order_id: n,
    customer_id: `C${String(h % 1000).padStart(3, '0')}`,
    status: STATUSES[(h >>> 10) % 4] as string,
    amount: ((h >>> 4) % 100_000) / 100,
    ordered_at: new Date(JAN_FIRST + ((n * 37_011) % YEAR_MS)).toISOString(),
  };
}

/**
 * The rules of example/contracts/orders.yml written by hand, as a plain script would: coercing, so the
 * same schema reads CSV text and typed JSON.
 */
export const plainOrderSchema = z.object({
  order_id: z.coerce.number().int().min(1),
  customer_id: z.string().regex(/^C\d{3}$/u),
  status: z.enum(STATUSES),
  amount: z.coerce.number().min(0).max(1_000_000),
  ordered_at: z.iso.datetime({ offset: true }),
});

export type PlainOrder = z.infer<typeof plainOrderSchema>;

/** The orders table the plain scripts write (and Sluice's load declares): typed columns. */
export const ORDER_COLUMNS_SQL = `order_id bigint PRIMARY KEY, customer_id text NOT NULL, status text NOT NULL,
  amount numeric NOT NULL, ordered_at timestamptz NOT NULL`;

/** COPY text format: backslash, tab and line breaks escaped. */
export const copyText = (value: string) =>
  /[\\\t\n\r]/.test(value)
    ? value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : value;

/** One order as a COPY text line, columns in ORDER_COLUMNS_SQL order, then `extra` ones. */
export const orderLine = (o: PlainOrder, extra: readonly (string | number)[] = []) =>
  [o.order_id, copyText(o.customer_id), copyText(o.status), o.amount, copyText(o.ordered_at), ...extra].join(
    '\t',
  ) + '\n';
