// bodyCutOff: a JSON body without framing that ends inside a string or an open bracket was cut in transit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyCutOff, jsonEndsEarly } from '../../activities/fetch/http/body-cut-off';

const bytes = (text: string) => Buffer.from(text);

test('JSON that ends inside a string or with a bracket open ends early; whole documents do not', () => {
  for (const cut of [
    '{"data": [{"id": 1}',
    '{"data": [',
    '{"name": "half',
    '{"q": "a \\" still in',
    '[{"a": "}]"',
  ]) {
    assert.equal(jsonEndsEarly(bytes(cut)), true, cut);
  }
  for (const whole of [
    '{"data": [{"id": 1}]}',
    '[]',
    '{"s": "[{\\"", "t": "\\\\"}',
    '  {"é": "ü"}\n',
    '',
    '42',
  ]) {
    assert.equal(jsonEndsEarly(bytes(whole)), false, whole);
  }
});

test('only a body framed by nothing but the connection counts as cut off', () => {
  const cut = bytes('{"data": [{"id": 1}');
  assert.equal(bodyCutOff(new Headers({ 'content-type': 'application/json' }), cut), true);
  assert.equal(bodyCutOff(new Headers({ 'content-length': String(cut.length) }), cut), false);
  assert.equal(bodyCutOff(new Headers({ 'transfer-encoding': 'chunked' }), cut), false);
  assert.equal(bodyCutOff(new Headers(), bytes('{"data": []}')), false);
});
