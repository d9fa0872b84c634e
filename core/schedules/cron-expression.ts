// Reads 5-field cron expressions (minute hour day-of-month month day-of-week) the way Temporal Schedules do.

/** The values each field matches, sorted; day of week 0 is Sunday (7 is accepted and read as 0). */
export interface CronMatch {
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
}

interface FieldRule {
  key: keyof CronMatch;
  label: string;
  min: number;
  max: number;
  /** Three-letter names, the first standing for `min`. */
  names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldRule[] = [
  { key: 'minute', label: 'minute', min: 0, max: 59 },
  { key: 'hour', label: 'hour', min: 0, max: 23 },
  { key: 'dayOfMonth', label: 'day of month', min: 1, max: 31 },
  { key: 'month', label: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { key: 'dayOfWeek', label: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

/** The shorthands Temporal accepts besides the five fields. */
const SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const ITEM = /^(\*|[0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?(?:\/(\d+))?$/;

function value(rule: FieldRule, text: string): number | string {
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return rule.min + named;
  if (!/^\d+$/.test(text)) {
    return `${rule.label} "${text}" is not a number${rule.names ? ` or a name like ${rule.names[0]}` : ''}`;
  }
  const n = Number(text);
  return n >= rule.min && n <= rule.max ? n : `${rule.label} ${n} is outside ${rule.min}-${rule.max}`;
}

function field(rule: FieldRule, text: string): number[] | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = ITEM.exec(item);
    if (!match)
      return `${rule.label} "${item}" is not a value, range (a-b), step (*/n, a/n, a-b/n) or list (a,b)`;
    const [, first = '', last, stepText] = match;
    if (first === '*' && last !== undefined) return `${rule.label} "${item}": a range cannot start with *`;
    const start = first === '*' ? rule.min : value(rule, first);
    // `a/n` steps from a to the field's end, as Temporal reads it.
    const openEnd = first === '*' || (last === undefined && stepText !== undefined);
    const end = openEnd ? rule.max : last === undefined ? start : value(rule, last);
    if (typeof start === 'string') return start;
    if (typeof end === 'string') return end;
    if (end < start) return `${rule.label} range "${item}" runs backwards`;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return `${rule.label} "${item}": the step must be at least 1`;
    for (let n = start; n <= end; n += step) values.add(rule.key === 'dayOfWeek' && n === 7 ? 0 : n);
  }
  return [...values].sort((a, b) => a - b);
}

/** What the expression matches, or the reason it is not a valid 5-field cron expression. */
export function parseCron(expression: string): CronMatch | { problem: string } {
  const text = typeof expression === 'string' ? expression.trim() : '';
  const shorthand = text.toLowerCase();
  // Own keys only: "constructor" or "__proto__" is a bad expression, not a property of every object.
  const fields = (Object.hasOwn(SHORTHANDS, shorthand) ? SHORTHANDS[shorthand]! : text).split(/\s+/);
  const where = `cron "${String(expression)}"`;
  if (fields.length !== 5) {
    return {
      problem: `${where} has ${text ? fields.length : 0} fields; write minute hour day-of-month month day-of-week, like '0 2 * * *'`,
    };
  }
  const match: Partial<CronMatch> = {};
  for (const [i, rule] of FIELDS.entries()) {
    const parsed = field(rule, fields[i] as string);
    if (typeof parsed === 'string') return { problem: `${where}: ${parsed}` };
    match[rule.key] = parsed;
  }
  return match as CronMatch;
}

/** Why the expression is not a valid cron expression, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const parsed = parseCron(expression);
  return 'problem' in parsed ? parsed.problem : undefined;
}
