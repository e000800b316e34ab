// The typed settings (client/src/settings/values.ts) over a fake configuration with user, workspace
// and folder levels: what a cloned repository's settings can and cannot change, trusted or not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PREFIX, SETTING, type SettingKey } from '../../client/src/ids';
import { MAX_PATTERNS, RESTRICTED, Settings, type Inspected } from '../../client/src/settings/values';

type Levels = Partial<Record<SettingKey, Inspected>>;

/** Settings over levels as VS Code would merge them (folder < workspace < user < default, reversed). */
function settingsOf(levels: Levels, trusted = true): Settings {
  return new Settings({
    get: (key) => {
      const l = levels[key];
      return l?.workspaceFolderValue ?? l?.workspaceValue ?? l?.globalValue ?? l?.defaultValue;
    },
    inspect: (key) => levels[key],
    isTrusted: () => trusted,
  });
}

test('file patterns: the workspace counts while trusted; in Restricted Mode only the user', () => {
  const levels: Levels = {
    [SETTING.filesBuildspec]: { defaultValue: [], globalValue: ['ci/*.yml'], workspaceValue: ['**/*.yml'] },
  };
  assert.deepEqual(settingsOf(levels).filePatterns('buildspec'), ['**/*.yml']);
  assert.deepEqual(settingsOf(levels, false).filePatterns('buildspec'), ['ci/*.yml']);
  assert.deepEqual(settingsOf(levels, false).filePatterns('appspec'), []);
});

test('file patterns: only non-empty strings, at most MAX_PATTERNS', () => {
  const many = Array.from({ length: MAX_PATTERNS + 50 }, (_, i) => `p${i}/*.yml`);
  const levels: Levels = {
    [SETTING.filesAppspec]: { globalValue: ['', '  ', 3, null, 'deploy/*.yml', ...many] },
  };
  const patterns = settingsOf(levels).filePatterns('appspec');
  assert.equal(patterns.length, MAX_PATTERNS);
  assert.equal(patterns[0], 'deploy/*.yml');
  assert.deepEqual(
    settingsOf({ [SETTING.filesAppspec]: { workspaceValue: 'x' } }).filePatterns('appspec'),
    [],
  );
});

test('trace.server: a workspace cannot turn tracing on in Restricted Mode; unknown values are off', () => {
  const levels: Levels = { [SETTING.traceServer]: { defaultValue: 'off', workspaceValue: 'verbose' } };
  assert.equal(settingsOf(levels).traceServer(), 'verbose');
  assert.equal(settingsOf(levels, false).traceServer(), 'off');
  assert.equal(settingsOf({ [SETTING.traceServer]: { globalValue: 'loud' } }).traceServer(), 'off');
});

test('endpoint and connections come from the user alone, even in a trusted workspace', () => {
  const levels: Levels = {
    [SETTING.endpointUrl]: { defaultValue: '', workspaceValue: 'http://attacker.example' },
    [SETTING.connections]: {
      defaultValue: [],
      workspaceValue: [{ profile: 'theirs', region: 'us-east-1' }],
    },
    [SETTING.logsLiveTail]: { defaultValue: false, workspaceValue: true },
  };
  const s = settingsOf(levels);
  assert.equal(s.endpointUrl(), undefined);
  assert.deepEqual(s.connections(), []);
  assert.equal(s.liveTail(), false, 'Live Tail is billed: a workspace cannot turn it on');
  const user = settingsOf({
    [SETTING.endpointUrl]: { globalValue: '  http://127.0.0.1:4566 ' },
    [SETTING.connections]: {
      globalValue: [
        { profile: 'dev', region: 'eu-west-1' },
        { profile: 'dev', region: 'eu-west-1' },
        { profile: '', region: 'eu-west-1' },
        { profile: 'ops' },
        'default',
        { profile: 'ops', region: 'us-east-2', extra: 1 },
      ],
    },
    [SETTING.logsLiveTail]: { globalValue: true },
  });
  assert.equal(user.endpointUrl(), 'http://127.0.0.1:4566');
  assert.deepEqual(user.connections(), [
    { profile: 'dev', region: 'eu-west-1' },
    { profile: 'ops', region: 'us-east-2' },
  ]);
  assert.equal(user.liveTail(), true);
});

test('logs and notifications: defaults, the poll floor, unknown values', () => {
  const none = settingsOf({});
  assert.equal(none.logPollIntervalMs(), 2000);
  assert.equal(none.openLogOnStartBuild(), true);
  assert.equal(none.problemsOnFailure(), true);
  assert.equal(none.notifications(), 'failuresAndApprovals');
  assert.equal(none.repositoryPipelinesInStatusBar(), true);
  const set = settingsOf({
    [SETTING.logsPollIntervalMs]: { globalValue: 10 },
    [SETTING.logsProblemsOnFailure]: { globalValue: false },
    [SETTING.notifications]: { globalValue: 'off' },
    [SETTING.diagnosticsRules]: { workspaceValue: { 'unknown-key': 'off', bad: 3 } },
  });
  assert.equal(set.logPollIntervalMs(), 500);
  assert.equal(set.problemsOnFailure(), false);
  assert.equal(set.notifications(), 'off');
  assert.deepEqual(set.diagnosticsRules(), { 'unknown-key': 'off' });
});

test('the settings read as restricted are those package.json restricts', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  assert.deepEqual(
    RESTRICTED.map((k) => `${PREFIX}.${k}`).sort(),
    [...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
  );
});
