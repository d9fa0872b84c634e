// The contract tests' all-types contract in zod, and the rows it and its YAML twin must accept or reject, with each verdict.
import path from 'node:path';
import { z } from 'zod';
import { MISSING_CODE, MISSING_MESSAGE } from '../../activities/validate/row-validator';

export const root = path.resolve(__dirname, '../..');

/**
 * The hand-written twin of tests/fixtures/contracts/all-types.yml, in other zod idioms on purpose. A column
 * that is not required takes null and no value: `.nullish()`, which a typed source's nulls need.
 */
export const allTypesZod = z.object({
  id: z.number().int().gte(1).lte(1_000_000),
  code: z.string().regex(/^[A-Z]{3}$/u),
  label: z.string().min(2).max(10).nullish(),
  status: z.enum(['open', 'closed']).nullish(),
  score: z.number().min(0).max(1).nullish(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullish(),
  active: z.boolean(),
  born_on: z.iso.date().nullish(),
  seen_at: z.iso.datetime({ offset: true }).nullish(),
  email: z.email().nullish(),
  ref: z.uuid().nullish(),
});

const csvRow = {
  id: '7',
  code: 'ABC',
  label: 'hello',
  status: 'open',
  score: '0.25',
  level: '2',
  active: 'true',
  born_on: '2024-02-29',
  seen_at: '2026-11-21T01:04:00Z',
  email: 'ann@example.com',
  ref: '123e4567-e89b-12d3-a456-426614174000',
};
const typedRow = { ...csvRow, id: 7, score: 0.25, level: 2, active: true };
const fullOutput = typedRow;
const minimalOutput = { id: 7, code: 'ABC', active: true };
const blanks = { label: '', status: ' ', score: '', level: '', born_on: '', seen_at: '', email: '', ref: '' };
const nulls = {
  label: null,
  status: null,
  score: null,
  level: null,
  born_on: null,
  seen_at: null,
  email: null,
  ref: null,
};

export type Expected = { output: Record<string, unknown> } | { issues: [string, string, string][] };
const ok = (output: Record<string, unknown>): Expected => ({ output });
const bad = (field: string, code: string, message: string): Expected => ({
  issues: [[field, code, message]],
});

/**
 * Each case: its name, the row as a text source (CSV) hands it over, and what the contract makes of it. Text
 * is read as the declared types first; the typed values here are what a reference recorded before Sluice
 * kept how values arrived may hold, and count as their JSON text.
 */
export const textCases: [string, Record<string, unknown>, Expected][] = [
  ['CSV text', csvRow, ok(fullOutput)],
  ['the same row typed, as from NDJSON', typedRow, ok(fullOutput)],
  ['optional columns blank', { ...csvRow, ...blanks }, ok(minimalOutput)],
  ['optional columns null', { ...typedRow, ...nulls }, ok(minimalOutput)],
  ['optional columns absent', { id: '7', code: 'ABC', active: 'true' }, ok(minimalOutput)],
  ['columns outside the contract are dropped', { ...csvRow, extra: 'x' }, ok(fullOutput)],
  ['integer with spaces', { ...csvRow, id: ' 7 ' }, ok(fullOutput)],
  ['integer in exponent notation', { ...csvRow, id: '7e0' }, ok(fullOutput)],
  ['integer written 7.0', { ...csvRow, id: '7.0' }, ok(fullOutput)],
  ['boolean spelled yes', { ...csvRow, active: 'YES' }, ok(fullOutput)],
  ['boolean as JSON 1', { ...typedRow, active: 1 }, ok(fullOutput)],
  ['boolean spelled f', { ...csvRow, active: 'f' }, ok({ ...fullOutput, active: false })],
  [
    'timestamp with an offset',
    { ...csvRow, seen_at: '2026-11-21T03:04:00+02:00' },
    ok({ ...fullOutput, seen_at: '2026-11-21T03:04:00+02:00' }),
  ],
  ['string column given a JSON number', { ...csvRow, label: 12345 }, ok({ ...fullOutput, label: '12345' })],
  [
    'odd characters in a string',
    { ...csvRow, label: 'zé\u200b😀\u2028' },
    ok({ ...fullOutput, label: 'zé\u200b😀\u2028' }),
  ],
  ['required integer blank', { ...csvRow, id: '' }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required integer null', { ...typedRow, id: null }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required integer absent', { code: 'ABC', active: 'true' }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required boolean blank', { ...csvRow, active: '' }, bad('active', MISSING_CODE, MISSING_MESSAGE)],
  [
    'integer 1.5',
    { ...csvRow, id: '1.5' },
    bad('id', 'invalid_type', 'Invalid input: expected int, received number'),
  ],
  [
    'integer below min',
    { ...csvRow, id: '0' },
    bad('id', 'too_small', 'Too small: expected number to be >=1'),
  ],
  [
    'integer above max',
    { ...csvRow, id: 1000001 },
    bad('id', 'too_big', 'Too big: expected number to be <=1000000'),
  ],
  [
    'integer as words',
    { ...csvRow, id: 'seven' },
    bad('id', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'integer in hex',
    { ...csvRow, id: '0x7' },
    bad('id', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'integer with a thousands separator',
    { ...csvRow, id: '1,000' },
    bad('id', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'integer past 2^53',
    { ...csvRow, id: '9007199254740993' },
    {
      issues: [
        ['id', 'too_big', 'Too big: expected int to be <=9007199254740991'],
        ['id', 'too_big', 'Too big: expected number to be <=1000000'],
      ],
    },
  ],
  [
    'integer given a JSON boolean',
    { ...typedRow, id: true },
    bad('id', 'invalid_type', 'Invalid input: expected number, received boolean'),
  ],
  [
    'integer given a list',
    { ...typedRow, id: [7] },
    bad('id', 'invalid_type', 'Invalid input: expected number, received array'),
  ],
  [
    'number Infinity',
    { ...csvRow, score: 'Infinity' },
    bad('score', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'number above max',
    { ...csvRow, score: '1.5' },
    bad('score', 'too_big', 'Too big: expected number to be <=1'),
  ],
  [
    'pattern not matched',
    { ...csvRow, code: 'abc' },
    bad('code', 'invalid_format', 'Invalid string: must match pattern /^[A-Z]{3}$/u'),
  ],
  [
    'pattern and a letter outside A-Z',
    { ...csvRow, code: 'ÅBC' },
    bad('code', 'invalid_format', 'Invalid string: must match pattern /^[A-Z]{3}$/u'),
  ],
  [
    'string given an object',
    { ...typedRow, code: { a: 1 } },
    bad('code', 'invalid_type', 'Invalid input: expected string, received object'),
  ],
  [
    'string too short',
    { ...csvRow, label: 'a' },
    bad('label', 'too_small', 'Too small: expected string to have >=2 characters'),
  ],
  [
    'huge string',
    { ...csvRow, label: 'x'.repeat(1_000_000) },
    bad('label', 'too_big', 'Too big: expected string to have <=10 characters'),
  ],
  [
    'enum value in other case',
    { ...csvRow, status: 'OPEN' },
    bad('status', 'invalid_value', 'Invalid option: expected one of "open"|"closed"'),
  ],
  [
    'integer enum value not listed',
    { ...csvRow, level: '4' },
    bad('level', 'invalid_value', 'Invalid option: expected one of 1|2|3'),
  ],
  [
    'boolean maybe',
    { ...csvRow, active: 'maybe' },
    bad('active', 'invalid_type', 'Invalid input: expected boolean, received string'),
  ],
  [
    'boolean as JSON 2',
    { ...typedRow, active: 2 },
    bad('active', 'invalid_type', 'Invalid input: expected boolean, received number'),
  ],
  [
    'date not in the calendar',
    { ...csvRow, born_on: '2023-02-29' },
    bad('born_on', 'invalid_format', 'Invalid ISO date'),
  ],
  [
    'date with a time',
    { ...csvRow, born_on: '2024-02-29T00:00:00Z' },
    bad('born_on', 'invalid_format', 'Invalid ISO date'),
  ],
  [
    'timestamp without a zone',
    { ...csvRow, seen_at: '2026-11-21T01:04:00' },
    bad('seen_at', 'invalid_format', 'Invalid ISO datetime'),
  ],
  [
    'timestamp with a space',
    { ...csvRow, seen_at: '2026-11-21 01:04:00Z' },
    bad('seen_at', 'invalid_format', 'Invalid ISO datetime'),
  ],
  [
    'email without a domain',
    { ...csvRow, email: 'ann@' },
    bad('email', 'invalid_format', 'Invalid email address'),
  ],
  ['uuid too short', { ...csvRow, ref: '123e4567' }, bad('ref', 'invalid_format', 'Invalid UUID')],
];

const received = (expected: string, got: string) => `Invalid input: expected ${expected}, received ${got}`;

/** Each case: its name, the row as a typed source (NDJSON, an API, PostgreSQL) sends it, and the verdict. */
export const typedCases: [string, Record<string, unknown>, Expected][] = [
  ['a typed row', typedRow, ok(fullOutput)],
  ['optional columns null stay null', { ...typedRow, ...nulls }, ok({ ...minimalOutput, ...nulls })],
  ['optional columns absent', { id: 7, code: 'ABC', active: true }, ok(minimalOutput)],
  [
    'integer sent as text',
    { ...typedRow, id: '8745' },
    bad('id', 'invalid_type', received('number', 'string')),
  ],
  [
    'number sent as text',
    { ...typedRow, score: '0.25' },
    bad('score', 'invalid_type', received('number', 'string')),
  ],
  [
    'integer enum value sent as text',
    { ...typedRow, level: '2' },
    bad('level', 'invalid_value', 'Invalid option: expected one of 1|2|3'),
  ],
  [
    'boolean sent as text',
    { ...typedRow, active: 'true' },
    bad('active', 'invalid_type', received('boolean', 'string')),
  ],
  [
    'boolean sent as 1',
    { ...typedRow, active: 1 },
    bad('active', 'invalid_type', received('boolean', 'number')),
  ],
  [
    'string sent as a number',
    { ...typedRow, label: 12345 },
    bad('label', 'invalid_type', received('string', 'number')),
  ],
  [
    'date sent as a number',
    { ...typedRow, born_on: 20240229 },
    bad('born_on', 'invalid_type', received('string', 'number')),
  ],
  ['required integer null', { ...typedRow, id: null }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required integer absent', { code: 'ABC', active: true }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  [
    'empty text is text, not a missing value',
    { ...typedRow, label: '' },
    bad('label', 'too_small', 'Too small: expected string to have >=2 characters'),
  ],
  [
    'integer 1.5',
    { ...typedRow, id: 1.5 },
    bad('id', 'invalid_type', 'Invalid input: expected int, received number'),
  ],
];

/** tests/fixtures/contracts/coerced.yml (`coerce: true`) in zod, with the contract-level `coerce` option. */
export const coercedZod = {
  schema: z.object({
    id: z.int().min(1),
    amount: z.number(),
    active: z.boolean().nullish(),
    note: z.string().nullish(),
  }),
  coerce: true,
};

/** Typed rows against a contract that opted into coercion: read as the declared types, as text is. */
export const coercedCases: [string, Record<string, unknown>, Expected][] = [
  [
    'typed values',
    { id: 7, amount: 87.45, active: true, note: 'x' },
    ok({ id: 7, amount: 87.45, active: true, note: 'x' }),
  ],
  ['numbers sent as text', { id: '7', amount: '8745' }, ok({ id: 7, amount: 8745 })],
  [
    'a boolean spelled yes, a number as a string',
    { id: 7, amount: 1, active: 'yes', note: 12 },
    ok({ id: 7, amount: 1, active: true, note: '12' }),
  ],
  ['blank text is missing', { id: 7, amount: 1, active: '', note: ' ' }, ok({ id: 7, amount: 1 })],
  [
    'text that is not a number',
    { id: 7, amount: 'lots' },
    bad('amount', 'invalid_type', received('number', 'string')),
  ],
  ['a required value blank', { id: '', amount: 1 }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
];
