// Finds the records in a JSON document as it streams in: the objects of one array, each parsed on its own.
import { parseExactJson } from '../exact-json';
import { MalformedSourceError } from './malformed-source-error';
import { RECORD_DEFAULTS, recordTooLarge } from './record-limits';

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** The characters that may continue a number or a literal: the whole run is taken in one step. */
const NUMBER_RUN = /[0-9+\-.eE]*/y;
const LITERAL_RUN = /[a-z]*/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = '"\\/bfnrtu';
const HEX = /^[0-9a-fA-F]$/;
/** Inside a string only these end a run of plain text (JSON forbids raw control characters there). */
// eslint-disable-next-line no-control-regex
const STRING_STOP = /["\\\u0000-\u001f]/g;

type ValueKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

interface Frame {
  kind: 'object' | 'array';
  /** What may come next: `first` is a key or value, or the close right after the open. */
  expect: 'first' | 'key' | 'colon' | 'value' | 'next';
  /** Values begun so far in an array: the next one's index. */
  index: number;
  /** The last key read, kept only while the object lies on recordsPath. */
  key?: string;
  /** On recordsPath: the path step its children must match. */
  step?: number;
  /** This is the array of records. */
  records: boolean;
}

/**
 * A validating JSON tokenizer fed chunk by chunk. Everything outside the records array is checked and
 * skipped; each record (an object) is collected and parsed alone, so memory holds one record, never the file.
 */
export class JsonRecordScanner {
  private readonly steps: string[];
  private readonly stack: Frame[] = [];
  private rootDone = false;
  private found = false;
  private token: 'none' | 'key' | 'string' | 'number' | 'literal' = 'none';
  private literal = '';
  /** In a string: -1 right after a backslash, n > 0 while n hex digits of a \u escape are due. */
  private escape = 0;
  private keyStart = -1;
  private keyText = '';
  private recordStart = -1;
  private recordText = '';
  /** UTF-8 bytes of recordText, counted piece by piece as chunks carry it over. */
  private recordBytes = 0;
  /** The record being collected, counted from 1. */
  private recordNumber = 0;
  private recordDepth = 0;
  private chunk = '';
  private i = 0;
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private out: Record<string, unknown>[] = [];

  /**
   * `name` (a file or URL) starts every message; `recordsPath` is a dot path to the array, as in
   * source.recordsPath; a record past `maxRecordBytes` throws before more of it is held.
   */
  constructor(
    private readonly name: string,
    private readonly recordsPath?: string,
    private readonly maxRecordBytes: number = RECORD_DEFAULTS.maxRecordBytes,
  ) {
    this.steps = recordsPath === undefined ? [] : recordsPath.split('.');
  }

  /** The records this chunk completes; throws MalformedSourceError, naming the line and column, for bad input. */
  push(chunk: string): Record<string, unknown>[] {
    this.chunk = chunk;
    this.out = [];
    const bom = this.offset === 0 && chunk.startsWith('\uFEFF') ? 1 : 0;
    for (this.i = bom; this.i < chunk.length; this.i += 1) this.step(chunk[this.i] as string);
    // What is still open carries over: its text so far is kept, and it goes on from the next chunk's start.
    if (this.keyStart >= 0) {
      this.keyText += chunk.slice(this.keyStart);
      this.keyStart = 0;
    }
    if (this.recordStart >= 0) {
      const piece = chunk.slice(this.recordStart);
      this.recordBytes += Buffer.byteLength(piece);
      if (this.recordBytes > this.maxRecordBytes) throw this.tooLarge();
      this.recordText += piece;
      this.recordStart = 0;
    }
    this.offset += chunk.length;
    this.chunk = '';
    this.i = 0;
    return this.out;
  }

  /** Checks that the document is complete and held the array of records. */
  end(): void {
    if (this.token === 'number' || this.token === 'literal') this.endToken();
    if (!this.rootDone && this.stack.length === 0 && this.token === 'none')
      throw new MalformedSourceError(`${this.name} is empty, not a JSON document`);
    if (!this.rootDone) throw this.syntax('the document ends before it is complete (is it truncated?)');
    if (!this.found)
      throw new MalformedSourceError(`${this.name} has nothing at recordsPath ${this.recordsPath}`);
  }

  private step(c: string): void {
    if (this.token === 'key' || this.token === 'string') return this.inString(c);
    if (this.token === 'number' || this.token === 'literal') {
      if (this.takeRun(this.i)) return;
      this.endToken();
    }
    this.structural(c);
  }

  /** Adds the run of token characters at `from` to the literal and moves onto its last one; false for none. */
  private takeRun(from: number): boolean {
    const run = this.token === 'number' ? NUMBER_RUN : LITERAL_RUN;
    run.lastIndex = from;
    const text = run.exec(this.chunk)?.[0] ?? '';
    if (!text) return false;
    this.literal += text;
    this.i = from + text.length - 1;
    return true;
  }

  private inString(c: string): void {
    if (this.escape > 0) {
      if (!HEX.test(c)) throw this.syntax(`a \\u escape needs four hex digits, found ${show(c)}`);
      this.escape -= 1;
    } else if (this.escape < 0) {
      if (!ESCAPES.includes(c)) throw this.syntax(`\\${c} is not a JSON escape`);
      this.escape = c === 'u' ? 4 : 0;
    } else if (c === '"') this.endString();
    else if (c === '\\') this.escape = -1;
    else if (c < ' ') throw this.syntax(`a raw control character ${show(c)} inside a string (escape it)`);
    else {
      STRING_STOP.lastIndex = this.i + 1;
      this.i = (STRING_STOP.exec(this.chunk)?.index ?? this.chunk.length) - 1;
    }
  }

  private endString(): void {
    if (this.token === 'string') {
      this.token = 'none';
      return this.endValue();
    }
    const frame = this.stack.at(-1) as Frame;
    if (this.keyStart >= 0) {
      frame.key = JSON.parse(this.keyText + this.chunk.slice(this.keyStart, this.i + 1)) as string;
      this.keyText = '';
      this.keyStart = -1;
    }
    frame.expect = 'colon';
    this.token = 'none';
  }

  private endToken(): void {
    const valid = this.token === 'number' ? NUMBER.test(this.literal) : LITERALS.includes(this.literal);
    if (!valid) throw this.syntax(`${show(this.literal)} is not a JSON value`, this.literal.length);
    this.token = 'none';
    this.endValue();
  }

  private structural(c: string): void {
    if (c === ' ' || c === '\t' || c === '\r') return;
    const frame = this.stack.at(-1);
    if (c === '\n') {
      this.line += 1;
      this.lineStart = this.offset + this.i + 1;
    } else if (c === '{' || c === '[') {
      const kind = c === '{' ? 'object' : 'array';
      this.stack.push({ kind, expect: 'first', index: 0, ...this.beginValue(kind) });
    } else if (c === '}' || c === ']') {
      const kind = c === '}' ? 'object' : 'array';
      if (frame?.kind !== kind || (frame.expect !== 'first' && frame.expect !== 'next'))
        throw this.unexpected(c);
      this.stack.pop();
      this.endValue();
    } else if (c === ',' || c === ':') {
      if (frame?.expect !== (c === ',' ? 'next' : 'colon')) throw this.unexpected(c);
      frame.expect = c === ':' ? 'value' : frame.kind === 'object' ? 'key' : 'value';
    } else if (
      c === '"' &&
      frame?.kind === 'object' &&
      (frame.expect === 'first' || frame.expect === 'key')
    ) {
      this.token = 'key';
      if (frame.step !== undefined) this.keyStart = this.i;
    } else if (c === '"') {
      this.beginValue('string');
      this.token = 'string';
    } else if (c === '-' || (c >= '0' && c <= '9') || c === 't' || c === 'f' || c === 'n') {
      const number = c !== 't' && c !== 'f' && c !== 'n';
      this.beginValue(number ? 'number' : c === 'n' ? 'null' : 'boolean');
      this.token = number ? 'number' : 'literal';
      this.literal = c;
      this.takeRun(this.i + 1);
    } else throw this.unexpected(c);
  }

  /** Checks a value may start here and what it is on the way to the records; returns its frame's path fields. */
  private beginValue(kind: ValueKind): Pick<Frame, 'step' | 'records'> {
    const parent = this.stack.at(-1);
    const allowed = parent
      ? parent.expect === 'value' || (parent.kind === 'array' && parent.expect === 'first')
      : !this.rootDone;
    if (!allowed) throw this.unexpected(this.chunk[this.i] as string);
    if (parent?.records) {
      if (kind !== 'object') throw this.shape(`record ${parent.index} is ${a(kind)}, not an object`);
      this.recordStart = this.i;
      this.recordDepth = this.stack.length;
      this.recordNumber = parent.index + 1;
    }
    let step: number | undefined;
    if (!parent) step = 0;
    else if (parent.step !== undefined) {
      const name = parent.kind === 'object' ? parent.key : String(parent.index);
      if (name === this.steps[parent.step]) step = parent.step + 1;
    }
    if (parent?.kind === 'array') parent.index += 1;
    if (step !== this.steps.length) return { ...(step !== undefined ? { step } : {}), records: false };
    const where = this.recordsPath === undefined ? 'the document' : `recordsPath ${this.recordsPath}`;
    const hint =
      kind === 'object' && this.recordsPath === undefined
        ? ' (set source.recordsPath to the array in it)'
        : '';
    if (kind !== 'array') throw this.shape(`${where} is ${a(kind)}, not an array of records${hint}`);
    if (this.found) throw this.shape(`${where} appears twice (a duplicate key)`);
    this.found = true;
    return { records: true };
  }

  private endValue(): void {
    if (this.recordStart >= 0 && this.stack.length === this.recordDepth) {
      const piece = this.chunk.slice(this.recordStart, this.i + 1);
      // A UTF-16 unit is at most 3 UTF-8 bytes: only a piece that might pass the cap is measured.
      if (piece.length * 3 > this.maxRecordBytes - this.recordBytes) {
        if (this.recordBytes + Buffer.byteLength(piece) > this.maxRecordBytes) throw this.tooLarge();
      }
      this.out.push(parseExactJson(this.recordText + piece) as Record<string, unknown>);
      this.recordText = '';
      this.recordBytes = 0;
      this.recordStart = -1;
    }
    const parent = this.stack.at(-1);
    if (parent) parent.expect = 'next';
    else this.rootDone = true;
  }

  private tooLarge(): MalformedSourceError {
    return recordTooLarge(this.name, `record ${this.recordNumber}`, this.maxRecordBytes);
  }

  private unexpected(found: string): MalformedSourceError {
    const frame = this.stack.at(-1);
    const close = frame?.kind === 'object' ? "'}'" : "']'";
    const expected = !frame
      ? this.rootDone
        ? 'nothing after the end of the document'
        : 'a JSON value'
      : {
          first: frame.kind === 'object' ? `a key or '}'` : `a value or ']'`,
          key: 'a key (a string)',
          colon: "':'",
          value: 'a value',
          next: `',' or ${close}`,
        }[frame.expect];
    return this.syntax(`expected ${expected}, found ${show(found)}`);
  }

  private position(back = 0): string {
    return `line ${this.line}, column ${this.offset + this.i - this.lineStart + 1 - back}`;
  }

  private syntax(problem: string, back = 0): MalformedSourceError {
    return new MalformedSourceError(`${this.name} is not valid JSON at ${this.position(back)}: ${problem}`);
  }

  private shape(problem: string): MalformedSourceError {
    return new MalformedSourceError(`${this.name} at ${this.position()}: ${problem}`);
  }
}

function a(kind: ValueKind): string {
  return kind === 'null' ? 'null' : kind === 'array' || kind === 'object' ? `an ${kind}` : `a ${kind}`;
}

function show(text: string): string {
  return JSON.stringify(text);
}
