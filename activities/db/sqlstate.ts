// The one SQLSTATE classifier: what a PostgreSQL error code says about whether a retry can help.
import type { Retryability } from '../retryability';

/** The codes stages single out, by PostgreSQL's condition names (Appendix A of its manual). */
export const SQLSTATE = {
  notNullViolation: '23502',
  uniqueViolation: '23505',
  invalidAuthorization: '28000',
  invalidPassword: '28P01',
  invalidCatalogName: '3D000',
  undefinedColumn: '42703',
  queryCanceled: '57014',
} as const;

/**
 * The rule for each class (a code's first two characters). `data`: the rows are at fault; `terminal`: the
 * statement, the definition or the database's set-up is; `transient`: the server or the connection was.
 */
const BY_CLASS: Readonly<Record<string, Retryability>> = {
  '03': 'terminal', // SQL statement not yet complete: the statement itself is malformed
  '08': 'transient', // connection exception: the connection broke or could not be made; a new one may work
  '09': 'terminal', // triggered action exception: a trigger fails the same way every time
  '0A': 'terminal', // feature not supported: PostgreSQL does not do what the statement asks
  '0B': 'terminal', // invalid transaction initiation
  '0F': 'terminal', // locator exception
  '0L': 'terminal', // invalid grantor
  '0P': 'terminal', // invalid role specification
  '0Z': 'terminal', // diagnostics exception
  '10': 'terminal', // XQuery error: the XML query does not fit what it reads
  '20': 'terminal', // case not found: a PL/pgSQL CASE without a branch for what it met
  '21': 'data', // cardinality violation: rows hold two matches where one is expected (a subquery, ON CONFLICT twice)
  '22': 'data', // data exception: a value does not fit its type or operation (a bad date, an overflow, \u0000)
  '23': 'data', // integrity constraint violation: rows break a NOT NULL, unique, foreign key or check constraint
  '24': 'terminal', // invalid cursor state: statements in the wrong order
  '25': 'terminal', // invalid transaction state: e.g. a write in a read-only transaction (25006)
  '26': 'terminal', // invalid SQL statement name
  '27': 'terminal', // triggered data change violation
  '28': 'terminal', // invalid authorization specification: the login is refused; the same password stays wrong
  '2B': 'terminal', // dependent privilege descriptors still exist: a DROP blocked by views or foreign keys
  '2D': 'terminal', // invalid transaction termination
  '2F': 'terminal', // SQL routine exception: a function ended without RETURN
  '34': 'terminal', // invalid cursor name
  '38': 'terminal', // external routine exception
  '39': 'terminal', // external routine invocation exception
  '3B': 'terminal', // savepoint exception
  '3D': 'terminal', // invalid catalog name: no such database
  '3F': 'terminal', // invalid schema name
  '40': 'transient', // transaction rollback: a serialization failure (40001) or deadlock (40P01); the retry usually wins
  '42': 'terminal', // syntax error or access rule violation: bad SQL, an unknown name or type, no privilege (42501)
  '44': 'data', // WITH CHECK OPTION violation: a row the view does not admit
  '53': 'transient', // insufficient resources: disk full, out of memory, too many connections; they free up
  '54': 'terminal', // program limit exceeded: a statement too complex, too many columns or arguments
  '55': 'terminal', // object not in prerequisite state
  '57': 'transient', // operator intervention: a shutdown (57P01, 57P02) or start-up (57P03); the server comes back
  '58': 'transient', // system error: the server's own I/O (58030)
  '72': 'transient', // snapshot too old (PostgreSQL 16 and older): a new transaction takes a new snapshot
  F0: 'terminal', // configuration file error
  P0: 'terminal', // PL/pgSQL: a RAISE EXCEPTION (P0001) or ASSERT (P0004) that repeats on every attempt
  XX: 'transient', // internal error (XX000), e.g. a cache lookup failing under concurrent DDL
};

/** Codes whose judgement differs from their class's; `undefined`: the code says nothing either way. */
const BY_CODE: Readonly<Record<string, Retryability | undefined>> = {
  '25P02': undefined, // in failed transaction: an earlier statement's error decides, and this is not it
  '25P03': 'transient', // idle-in-transaction timeout: the server dropped a session that sat idle
  '25P04': 'transient', // transaction timeout: as a statement timeout, the next attempt may finish in time
  '40002': 'data', // transaction integrity constraint violation: a deferred constraint the rows break
  '53400': 'terminal', // configuration limit exceeded (temp_file_limit): the statement exceeds it again until the setting changes
  '54000': 'data', // program limit exceeded by a value: an index row or a jsonb value past PostgreSQL's size limit
  '55006': 'transient', // object in use: another session holds it for now
  '55P03': 'transient', // lock not available (lock_timeout): the holder lets go
  '57014': 'transient', // query canceled: by statement_timeout or someone's pg_cancel_backend; stages check their own abort first
  '57P04': 'terminal', // database dropped: it does not come back
  '58P01': 'terminal', // undefined file: a file the server needs (an extension's library) is missing
  '58P02': 'terminal', // duplicate file
  '58P03': 'terminal', // file name too long
  HV00N: 'transient', // a foreign data wrapper could not connect; the rest of class HV says nothing
  XX001: 'terminal', // data corrupted: every attempt reads the same broken pages
  XX002: 'terminal', // index corrupted: every attempt reads the same broken index
};

const CODE = /^[0-9A-Z]{5}$/;

/**
 * What SQLSTATE `code` says about retrying, or undefined when it is no SQLSTATE, or one of a class not
 * listed (success, warnings, foreign data wrappers, a class newer than this table): then the stage's own
 * default applies.
 */
export function sqlstateRetryability(code: string): Retryability | undefined {
  if (!CODE.test(code)) return undefined;
  if (Object.hasOwn(BY_CODE, code)) return BY_CODE[code];
  return BY_CLASS[code.slice(0, 2)];
}
