/** The server's heap setting keeps the old generation near what is live, as an editing session runs. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');

/**
 * The largest the old space grew (MB) under a session-like load in a fresh process: some state stays
 * live, and a "document tree" is built, kept while more is allocated (so it is promoted) and dropped, as
 * each edit does.
 */
function oldSpaceAfterChurn(tuned: boolean): number {
  const script = `
    ${tuned ? 'require(process.argv[1]).tuneHeap();' : ''}
    const v8 = require('node:v8');
    const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size;
    const live = Array.from({ length: 200000 }, (_, i) => ({ i, s: 'live' + i }));
    let tree, peak = 0;
    for (let edit = 0; edit < 60; edit++) {
      tree = Array.from({ length: 40000 }, (_, i) => ({ i, s: 'x' + i, c: [i] }));
      for (let k = 0; k < 10; k++) Array.from({ length: 20000 }, (_, i) => ({ i }));
      peak = Math.max(peak, oldSpace());
    }
    process.stdout.write(String(peak / 1048576) + ' ' + live.length + ' ' + tree.length);
  `;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '-e', script, path.join(root, 'server/src/heap.ts')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return Number(out.split(' ')[0]);
}

describe('server heap setting', () => {
  it('lets the old generation grow less than V8 does by default under the same churn', () => {
    const plain = oldSpaceAfterChurn(false);
    const tuned = oldSpaceAfterChurn(true);
    assert.ok(
      tuned < plain * 0.8,
      `old space ${tuned.toFixed(0)} MB tuned, ${plain.toFixed(0)} MB by default`,
    );
  });
});
