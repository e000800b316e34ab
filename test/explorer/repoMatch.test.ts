/** Matching the open repository and branch to the pipelines that build it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  pipelineSources,
  MAX_CONFIG_CHARS,
  remoteFromConfig,
  repoFromRemote,
  sourceMatches,
} from '../../client/src/explorer/repoMatch';

describe('repository of a remote URL', () => {
  it('reads https, ssh and CodeCommit forms', () => {
    assert.deepEqual(repoFromRemote('https://github.com/Acme/App.git'), { host: 'github', path: 'acme/app' });
    assert.deepEqual(repoFromRemote('git@github.com:acme/app.git'), { host: 'github', path: 'acme/app' });
    assert.deepEqual(repoFromRemote('ssh://git@bitbucket.org/acme/app.git'), {
      host: 'bitbucket',
      path: 'acme/app',
    });
    assert.deepEqual(repoFromRemote('https://gitlab.com/group/sub/app'), {
      host: 'gitlab',
      path: 'group/sub/app',
    });
    assert.deepEqual(repoFromRemote('https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo'), {
      host: 'codecommit',
      path: 'my-repo',
    });
    assert.deepEqual(repoFromRemote('codecommit::us-east-2://prod@My-Repo'), {
      host: 'codecommit',
      path: 'my-repo',
    });
    assert.deepEqual(repoFromRemote('codecommit://my-repo'), { host: 'codecommit', path: 'my-repo' });
    assert.equal(repoFromRemote('/srv/git/local-only'), undefined);
    assert.equal(repoFromRemote(''), undefined);
  });
});

describe('sources of a pipeline', () => {
  const action = (provider: string, configuration: Record<string, string>, category = 'Source') => ({
    name: provider,
    category,
    provider,
    configuration,
  });
  const definition = {
    stages: [
      {
        name: 'Source',
        actions: [
          action('CodeStarSourceConnection', { FullRepositoryId: 'Acme/App', BranchName: 'main' }),
          action('CodeCommit', { RepositoryName: 'infra', BranchName: 'release' }),
          action('GitHub', { Owner: 'acme', Repo: 'legacy', Branch: 'master' }),
          action('S3', { S3Bucket: 'b', S3ObjectKey: 'k' }),
        ],
      },
      { name: 'Build', actions: [action('CodeBuild', { ProjectName: 'p' }, 'Build')] },
    ],
  };

  it('lists each repository source with its branch, and nothing else', () => {
    assert.deepEqual(pipelineSources(definition), [
      { repo: { host: 'other', path: 'acme/app' }, branch: 'main' },
      { repo: { host: 'codecommit', path: 'infra' }, branch: 'release' },
      { repo: { host: 'github', path: 'acme/legacy' }, branch: 'master' },
    ]);
  });

  it('matches the open repository on path and branch', () => {
    const [connection, codecommit, github] = pipelineSources(definition);
    const app = repoFromRemote('git@github.com:acme/app.git')!;
    assert.ok(sourceMatches(connection, app, 'main'));
    assert.ok(!sourceMatches(connection, app, 'feature/x'), 'another branch');
    assert.ok(!sourceMatches(connection, repoFromRemote('https://github.com/acme/other')!, 'main'));
    assert.ok(sourceMatches(codecommit, repoFromRemote('codecommit://infra')!, 'release'));
    assert.ok(!sourceMatches(codecommit, repoFromRemote('https://github.com/x/infra')!, 'release'));
    assert.ok(!sourceMatches(github, repoFromRemote('https://bitbucket.org/acme/legacy')!, 'master'));
    assert.ok(sourceMatches({ repo: connection.repo }, app, 'any-branch'), 'no branch in the source');
  });
});

describe('remote of a git config', () => {
  it('prefers origin, else the first remote', () => {
    const config = [
      '[core]',
      '\tbare = false',
      '[remote "upstream"]',
      '\turl = https://github.com/up/app.git',
      '[remote "origin"]',
      '\tfetch = +refs/heads/*:refs/remotes/origin/*',
      '\turl = git@github.com:me/app.git',
      '[branch "main"]',
      '\tremote = origin',
    ].join('\n');
    assert.equal(remoteFromConfig(config), 'git@github.com:me/app.git');
    assert.equal(
      remoteFromConfig('[remote "fork"]\n  url = https://x.example/a/b\n'),
      'https://x.example/a/b',
    );
    assert.equal(remoteFromConfig('[core]\n url = not-a-remote\n'), undefined);
  });
});

describe('git config parsing on hostile input', () => {
  it('stays linear on long lines of spaces and many sections', () => {
    const n = 400_000;
    const configs = [
      `[remote "origin"]\n\turl =${' '.repeat(n)}x${' '.repeat(n)}y\n`,
      `[remote "${'a'.repeat(n)}\n`,
      '[remote "r"]\n'.repeat(n / 10),
      `${' '.repeat(n)}[${' '.repeat(n)}\n`,
      `[remote "origin"]\n${'url'.repeat(n / 3)}=${'='.repeat(n)}\n`,
    ];
    for (const config of configs) {
      const started = performance.now();
      remoteFromConfig(config);
      const ms = performance.now() - started;
      assert.ok(ms < 200, `${ms.toFixed(0)} ms on ${JSON.stringify(config.slice(0, 30))}…`);
    }
  });

  it('reads quoted URLs and ignores what lies past the size cap', () => {
    assert.equal(
      remoteFromConfig('[remote "origin"]\n  url = "https://x.example/a/b"\n'),
      'https://x.example/a/b',
    );
    assert.equal(
      remoteFromConfig('[remote "origin"]\r\n\tURL=https://x.example/c/d\r\n'),
      'https://x.example/c/d',
    );
    const padded = `${'#'.repeat(MAX_CONFIG_CHARS)}\n[remote "origin"]\n url = https://x.example/a/b\n`;
    assert.equal(remoteFromConfig(padded), undefined);
  });
});
