// The streaming JSON record scanner: the same records as JSON.parse however the text is cut, and the same verdicts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonRecordScanner } from '../../activities/fetch/json-record-scanner';
import { MalformedSourceError } from '../../activities/fetch/malformed-source-error';

/** Feeds `chunks` to a scanner and returns every record, or throws what the scanner throws. */
function scan(chunks: string[], recordsPath?: string): unknown[] {
  const scanner = new JsonRecordScanner('doc.json', recordsPath);
  const records = chunks.flatMap((chunk) => scanner.push(chunk));
  scanner.end();
  return records;
}

const TRICKY = JSON.stringify({
  skip: ['}', { '"items"': [1, -2.5e-3, true, false, null] }, 'a\\"b', '\u0001\u001f'],
  'the \u00e9 key': { items: [] },
  data: {
    items: [
      { id: 1, text: 'brackets ] } [ { and "quotes" and \\ backslashes', deep: [[[{ x: -0 }]]] },
      { id: 2, emoji: '\ud83d\ude00', escaped: '\u2028\t\n', e: 1.5e300, n: null },
      {},
    ],
  },
});

test('records come out the same wherever the text is cut', () => {
  const expected = (JSON.parse(TRICKY) as { data: { items: unknown[] } }).data.items;
  assert.deepEqual(scan([TRICKY], 'data.items'), expected);
  assert.deepEqual(scan([...TRICKY], 'data.items'), expected, 'one character at a time');
  for (let cut = 0; cut <= TRICKY.length; cut += 1) {
    assert.deepEqual(
      scan([TRICKY.slice(0, cut), TRICKY.slice(cut)], 'data.items'),
      expected,
      `cut at ${cut}`,
    );
  }
});

test('recordsPath steps into arrays by index, as the http source reads it', () => {
  const doc = JSON.stringify({ pages: [{ items: [{ id: 0 }] }, { items: [{ id: 1 }, { id: 2 }] }] });
  assert.deepEqual(scan([doc], 'pages.1.items'), [{ id: 1 }, { id: 2 }]);
});

test('a duplicate key at recordsPath is refused rather than half read', () => {
  assert.throws(
    () => scan(['{"items": [{"a": 1}], "items": [{"a": 2}]}'], 'items'),
    /recordsPath items appears twice/,
  );
});

test('verdicts and records agree with JSON.parse on thousands of generated and damaged documents', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.3)
      return pick([0, -1.25, 3e-7, 'a"b\\c', '', '\u00e9\ud83d\ude00', true, false, null]);
    if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 4) }, (_, i) => [
        pick(['k', 'a b', '"q', `k${i}`]),
        value(depth + 1),
      ]),
    );
  };
  const damage = ['"', ',', '}', ']', '{', '[', ':', '1', 'x', '\\', '-', '.', 'e', 'tru', '\u0001'];
  for (let n = 0; n < 4000; n += 1) {
    const records = Array.from({ length: Math.floor(random() * 4) }, () => ({ v: value(1) }));
    const wrapped = random() < 0.5;
    let doc = JSON.stringify(
      wrapped ? { meta: value(1), data: { items: records } } : records,
      null,
      random() < 0.5 ? 2 : 0,
    );
    if (random() < 0.7) {
      const at = Math.floor(random() * (doc.length + 1));
      doc =
        random() < 0.4
          ? doc.slice(0, at) + doc.slice(at + 1)
          : doc.slice(0, at) + pick(damage) + doc.slice(at);
    }
    let expected: unknown[] | undefined;
    try {
      const parsed = JSON.parse(doc) as { data?: { items?: unknown } };
      const list = wrapped ? parsed?.data?.items : parsed;
      if (Array.isArray(list) && list.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)))
        expected = list;
    } catch {
      expected = undefined;
    }
    const chunks = doc.match(/[\s\S]{1,7}/g) ?? [];
    let got: unknown[] | undefined;
    try {
      got = scan(chunks, wrapped ? 'data.items' : undefined);
    } catch (err) {
      assert.ok(err instanceof MalformedSourceError, `${doc}: ${String(err)}`);
    }
    assert.deepEqual(got, expected, doc);
  }
});

test('messages say where the document goes wrong', () => {
  const message = (text: string, recordsPath?: string) => {
    try {
      scan([text], recordsPath);
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };
  assert.equal(message('   '), 'doc.json is empty, not a JSON document');
  assert.equal(
    message('[{"a": 1}] x'),
    'doc.json is not valid JSON at line 1, column 12: expected nothing after the end of the document, found "x"',
  );
  assert.equal(
    message('[{"a": nul}]'),
    'doc.json is not valid JSON at line 1, column 8: "nul" is not a JSON value',
  );
  assert.equal(
    message('[{"a": "\\q"}]'),
    'doc.json is not valid JSON at line 1, column 10: \\q is not a JSON escape',
  );
  assert.equal(
    message('[{"a": "\\u12g4"}]'),
    'doc.json is not valid JSON at line 1, column 13: a \\u escape needs four hex digits, found "g"',
  );
  assert.equal(
    message('[\n{"a" 1}]'),
    'doc.json is not valid JSON at line 2, column 6: expected \':\', found "1"',
  );
  assert.equal(
    message('{"data": {"items": "none"}}', 'data.items'),
    'doc.json at line 1, column 20: recordsPath data.items is a string, not an array of records',
  );
});
