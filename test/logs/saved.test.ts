// Saved build logs: plain and gzipped text reaches the model in pieces of whole lines; a gzip bomb
// stops at the output cap and says so; a line without end is bounded; damaged gzip data rejects.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isGzip, readSavedLog } from '../../client/src/logs/saved';

const enc = (s: string) => new TextEncoder().encode(s);

async function read(bytes: Uint8Array, limits?: { maxBytes: number; maxLines: number }) {
  const pieces: string[] = [];
  const result = await readSavedLog(bytes, (p) => pieces.push(p), limits);
  return { pieces, result, text: pieces.join('') };
}

test('plain and gzipped logs give the same lines, in pieces that end on a line', async () => {
  const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i} ✔ ${'x'.repeat(i % 50)}`);
  const text = `${lines.join('\n')}\n`;
  for (const bytes of [enc(text), gzipSync(text)]) {
    const { pieces, result, text: got } = await read(bytes);
    assert.equal(got, text);
    assert.ok(pieces.length > 1, 'more than one piece');
    for (const p of pieces) assert.ok(p.endsWith('\n'));
    assert.equal(result.lines, 50_000);
    assert.equal(result.cut, undefined);
  }
  assert.equal(isGzip(gzipSync('a')), true);
  assert.equal(isGzip(enc('a')), false);
});

test('the last line without a newline is kept', async () => {
  const { text, result } = await read(gzipSync('a\nb'));
  assert.equal(text, 'a\nb');
  assert.equal(result.lines, 2);
});

test('a gzip bomb stops at the output cap and says so', async () => {
  const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x61));
  assert.ok(bomb.length < 100 * 1024);
  const started = Date.now();
  const { text, result } = await read(bomb, { maxBytes: 8 * 1024 * 1024, maxLines: 1000 });
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  assert.equal(result.bytes, 8 * 1024 * 1024);
  assert.match(result.cut ?? '', /more than 8 MB of text/);
  // One endless line: held only up to its cap.
  assert.ok(text.length <= 40_000, `${text.length} characters kept`);
});

test('the line cap stops reading and says so', async () => {
  const { text, result } = await read(gzipSync('x\n'.repeat(100_000)), {
    maxBytes: 1 << 30,
    maxLines: 1000,
  });
  assert.equal(text, 'x\n'.repeat(1000));
  assert.match(result.cut ?? '', /more than 1,000 lines/);
});

test('damaged gzip data rejects', async () => {
  const good = gzipSync('hello\n'.repeat(1000));
  const bad = good.subarray(0, good.length - 20);
  await assert.rejects(read(bad));
});
