// The wrapper every command goes through (client/src/commands/define.ts), with a recording host in
// place of VS Code: commands that reach AWS refuse in an untrusted workspace before they ask or read
// anything; a question cancelled runs nothing; an unattended caller's `confirm: false` skips it; a
// failure reads "Could not <what> "<name>": <cause>", with AWS text made safe and the output offered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CommandError,
  defineCommand,
  failureMessage,
  INTERACTIVE,
  MANAGE_TRUST,
  SHOW_OUTPUT,
  type CommandHost,
} from '../../client/src/commands/define';
import { AwsError } from '../../client/src/aws/errors';
import { notificationText } from '../../client/src/explorer/safeText';

interface Seen {
  errors: { message: string; actions: readonly string[] }[];
  logged: string[];
  asked: string[];
  performed: string[];
}

function fakeHost(opts: { trusted?: boolean; answer?: string; click?: string } = {}): {
  host: CommandHost;
  seen: Seen;
} {
  const seen: Seen = { errors: [], logged: [], asked: [], performed: [] };
  const host: CommandHost = {
    isTrusted: () => opts.trusted ?? true,
    modal: (message) => {
      seen.asked.push(message);
      return Promise.resolve(opts.answer);
    },
    showError: (message, actions) => {
      seen.errors.push({ message, actions });
      return Promise.resolve(opts.click);
    },
    perform: (action) => seen.performed.push(action),
    logError: (message) => seen.logged.push(message),
    safe: notificationText,
  };
  return { host, seen };
}

/** A command that would start a build of the project its argument names, as the explorer's does. */
function startBuild(calls: string[], fail?: Error) {
  return defineCommand<string[], [project: string, options: { confirm?: boolean }]>({
    title: 'Start Build',
    aws: true,
    failed: (project) => `start a build of "${project}"`,
    args: (call, [project, options]) =>
      typeof project === 'string'
        ? [project, call.unattended && typeof options === 'object' && options ? options : {}]
        : undefined,
    confirm: (project, options) => ({
      message: `Start a build of "${project}"?`,
      buttons: ['Start Build'],
      skip: options.confirm === false,
    }),
    run: (log, _inv, project) => {
      if (fail) throw fail;
      log.push(project);
      calls.push(project);
      return `${project}:1`;
    },
  });
}

test('a command that reaches AWS refuses in an untrusted workspace, before it asks or acts', async () => {
  const calls: string[] = [];
  const { host, seen } = fakeHost({ trusted: false, answer: 'Start Build', click: MANAGE_TRUST });
  const result = await startBuild(calls).invoke([], host, { unattended: true }, [
    'api-build',
    { confirm: false },
  ]);
  assert.equal(result, undefined);
  assert.deepEqual(calls, []);
  assert.deepEqual(seen.asked, [], 'nothing is asked');
  assert.deepEqual(seen.errors, [
    {
      message:
        'Could not start a build of "api-build": this workspace is not trusted, and Start Build calls AWS',
      actions: [MANAGE_TRUST],
    },
  ]);
  await Promise.resolve();
  assert.deepEqual(seen.performed, [MANAGE_TRUST], 'the button opens the trust editor');
});

test('a command that does not reach AWS runs in an untrusted workspace', async () => {
  const { host, seen } = fakeHost({ trusted: false });
  const show = defineCommand<void>({ title: 'Show Output', run: () => 'shown' });
  assert.equal(await show.invoke(undefined, host, INTERACTIVE, []), 'shown');
  assert.deepEqual(seen.errors, []);
});

test('the question is asked of an interactive caller; cancelled, nothing runs', async () => {
  const calls: string[] = [];
  const { host, seen } = fakeHost({ answer: undefined });
  // A link's author passes `confirm: false`: it does not count for an interactive call.
  const result = await startBuild(calls).invoke([], host, INTERACTIVE, ['api-build', { confirm: false }]);
  assert.equal(result, undefined);
  assert.deepEqual(seen.asked, ['Start a build of "api-build"?']);
  assert.deepEqual(calls, []);
});

test('answered, the command runs and returns its result; an unattended `confirm: false` skips the question', async () => {
  const calls: string[] = [];
  const asked = fakeHost({ answer: 'Start Build' });
  assert.equal(await startBuild(calls).invoke([], asked.host, INTERACTIVE, ['api-build']), 'api-build:1');
  assert.equal(asked.seen.asked.length, 1);
  const unattended = fakeHost();
  const r = await startBuild(calls).invoke([], unattended.host, { unattended: true }, [
    'web',
    { confirm: false },
  ]);
  assert.equal(r, 'web:1');
  assert.deepEqual(unattended.seen.asked, []);
  assert.deepEqual(calls, ['api-build', 'web']);
});

test('arguments the command cannot read make it do nothing', async () => {
  const calls: string[] = [];
  const { host, seen } = fakeHost({ answer: 'Start Build' });
  assert.equal(await startBuild(calls).invoke([], host, INTERACTIVE, [{ not: 'a project' }]), undefined);
  assert.deepEqual(seen.asked, []);
  assert.deepEqual(seen.errors, []);
});

test('a failure reads "Could not <what> <name>: <cause>", logged, with Show Output', async () => {
  const { host, seen } = fakeHost({ answer: 'Start Build', click: SHOW_OUTPUT });
  const cause = new Error('the project has no source version.');
  assert.equal(await startBuild([], cause).invoke([], host, INTERACTIVE, ['api-build']), undefined);
  const expected = 'Could not start a build of "api-build": the project has no source version';
  assert.deepEqual(seen.errors, [{ message: expected, actions: [SHOW_OUTPUT] }]);
  assert.deepEqual(seen.logged, [expected]);
  await Promise.resolve();
  assert.deepEqual(seen.performed, [SHOW_OUTPUT]);
});

test("an AWS error keeps its own words (which call, on what); the service's text cannot form a link", async () => {
  const { host, seen } = fakeHost({ answer: 'Start Build' });
  const denied = new AwsError({
    kind: 'accessDenied',
    operation: 'codebuild:StartBuild',
    resource: 'api-build',
    reason: 'access denied (codebuild:StartBuild): see [the docs](command:workbench.action.quit)',
    remedy: 'none',
    verb: 'start build for',
  });
  await startBuild([], denied).invoke([], host, INTERACTIVE, ['api-build']);
  const shown = seen.errors[0]?.message ?? '';
  assert.match(shown, /^Could not start build for "api-build": access denied \(codebuild:StartBuild\)/);
  assert.ok(!shown.includes(']('), `a live link in: ${shown}`);
  assert.equal(seen.logged[0], denied.message, 'the log keeps the text as AWS said it');
});

test('an error of ours may name what failed more precisely than the command', () => {
  assert.equal(
    failureMessage(
      'open the build log',
      new CommandError('profile "x" is not one of the connections', 'open the log of build p:1'),
    ),
    'Could not open the log of build p:1: profile "x" is not one of the connections',
  );
  assert.equal(
    failureMessage('restart the language server', 'boom'),
    'Could not restart the language server: boom',
  );
});
