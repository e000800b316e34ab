/** The adapter's small pieces on their own: secret scrubbing, the semaphore, and batching order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collect, mapSettled, redact, Semaphore } from '../../client/src/aws/index';

describe('redact', () => {
  it('scrubs keys, signatures, tokens and known secrets, and leaves the rest', () => {
    const text = [
      'key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAX/20260101/us-east-1/codebuild/aws4_request, Signature=' +
        'a'.repeat(64),
      'https://x.s3.amazonaws.com/o?X-Amz-Credential=abc&X-Amz-Signature=def&X-Amz-Security-Token=ghi&ok=1',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG',
      '{"SessionToken":"tok","other":"fine"}',
      'my-known-secret-value here',
    ].join('\n');
    const out = redact(text, ['my-known-secret-value']);
    for (const leaked of [
      'IOSFODNN7EXAMPLE',
      'Y34FZKBOKMUTVV7A',
      'a'.repeat(64),
      'def',
      'ghi',
      'wJalr',
      '"tok"',
      'my-known',
    ]) {
      assert.ok(!out.includes(leaked), `${leaked} survived:\n${out}`);
    }
    assert.match(out, /ok=1/);
    assert.match(out, /"other":"fine"/);
    assert.match(out, / here$/);
  });
});

describe('Semaphore and mapSettled', () => {
  it('never runs more than the limit, serves in order, and keeps going past failures', async () => {
    const gate = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const results = await mapSettled(
      Array.from({ length: 20 }, (_, i) => i),
      20,
      (i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await new Promise((r) => setTimeout(r, 2));
          running--;
          if (i === 7) throw new Error('seven');
          return i * 2;
        }),
    );
    assert.equal(peak, 3);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.equal(results.filter((r) => !r.ok).length, 1);
    assert.deepEqual(results[8], { ok: true, value: 16 });
    assert.equal(gate.inFlight, 0);
  });

  it('collect follows tokens to the end', async () => {
    const pages: Record<string, { items: number[]; nextToken?: string }> = {
      start: { items: [1, 2], nextToken: 'a' },
      a: { items: [3], nextToken: 'b' },
      b: { items: [4] },
    };
    assert.deepEqual(await collect((t) => Promise.resolve(pages[t ?? 'start'])), [1, 2, 3, 4]);
  });
});
