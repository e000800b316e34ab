// The last line of a log whose reading stopped (client/src/logs/notice.ts): the cause first and whole
// on a line the editor does not wrap, without the words the tab and the tooltip already say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CAUSE, shortCause, stoppedNotice } from '../../client/src/logs/notice';

const ID = 'project-1:00000000-0000-4000-8000-000000000000';

test('an AWS error shows its cause, not the call that failed', () => {
  assert.equal(
    stoppedNotice(
      'Could not get log events "/aws/codebuild/project-1": access denied (logs:GetLogEvents).',
      ID,
      true,
    ),
    '■ Reading this log stopped here: access denied (logs:GetLogEvents). Retry above.',
  );
});

test('the build id the tab names is not repeated', () => {
  assert.equal(
    stoppedNotice(`Build ${ID} was not found`, ID, false),
    '■ Reading this log stopped: the build was not found. Retry above.',
  );
});

test('outside text is one line and capped', () => {
  const cause = shortCause(`first line\nsecond\tline ${'x'.repeat(500)}`);
  assert.ok(!/[\r\n\t]/.test(cause));
  assert.equal(Array.from(cause).length, MAX_CAUSE);
  assert.ok(cause.endsWith('…'));
  assert.equal(shortCause('   '), 'unknown error');
  // A "Could not" with no cause after it is kept as it is.
  assert.equal(shortCause('Could not connect: '), 'Could not connect:');
});
