/** How the client tells a dead server from other connection errors, and its restart budget. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartBudget, serverWentAway } from '../../client/src/serverCrash';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test('the errors of writing to a server that died are told apart from other connection errors', () => {
  // Seen in the real host: a server killed during a write fails it with EPIPE, then "Channel closed".
  assert.ok(serverWentAway(withCode('write EPIPE', 'EPIPE')));
  assert.ok(serverWentAway(new Error('write EPIPE')));
  assert.ok(serverWentAway(withCode('Channel closed', 'ERR_IPC_CHANNEL_CLOSED')));
  assert.ok(serverWentAway(new Error('Channel closed')));
  assert.ok(serverWentAway(withCode('read ECONNRESET', 'ECONNRESET')));
  assert.ok(!serverWentAway(new Error('Header must provide a Content-Length property.')));
  assert.ok(!serverWentAway(withCode('Unexpected token } in JSON', 'ERR_INVALID_JSON')));
});

test('five restarts within three minutes; the sixth crash is not restarted; older crashes lapse', () => {
  let now = 0;
  const budget = new RestartBudget(5, 180_000, () => now);
  for (let i = 0; i < 5; i++) assert.ok(budget.recordCrash(), `crash ${i + 1} is restarted`);
  assert.ok(!budget.recordCrash(), 'the sixth is not');
  now += 180_000;
  assert.ok(budget.recordCrash(), 'three minutes later the window is empty again');
  budget.reset();
  for (let i = 0; i < 5; i++) assert.ok(budget.recordCrash());
});
