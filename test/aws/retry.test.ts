/**
 * How the clients retry: standard mode and five attempts unless the user's AWS setup says otherwise
 * (AWS_RETRY_MODE / AWS_MAX_ATTEMPTS over the profile's `retry_mode` / `max_attempts`, as the AWS CLI
 * reads them), and what that buys a user: while one operation is throttled, the calls the user makes
 * on another go out at once instead of queueing behind a client-wide rate limiter.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { mapSettled, openAdapter, type AwsAdapter, type ConnectionOptions } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { failure, sandbox, staticEnv, type Sandbox } from './sandbox';

const CONFIG = `[default]
retry_mode = adaptive
max_attempts = 7

[profile ci]
max_attempts = 2

[profile old]
retry_mode = legacy

[profile typo]
retry_mode = turbo
max_attempts = many
`;

interface Seen {
  policy: AwsAdapter['clients']['retry'];
  /** What the SDK clients were built with, read back from each client's resolved config. */
  sdk: { mode: string; maxAttempts: number }[];
}

async function seen(options: ConnectionOptions = {}): Promise<Seen> {
  const aws = await openAdapter(options);
  try {
    const { codebuild, codepipeline, logs } = aws.clients;
    const sdk = await Promise.all(
      [codebuild.config, codepipeline.config, logs.config].map(async (c) => ({
        mode: ((await c.retryStrategy()) as { mode?: string }).mode ?? 'unknown',
        maxAttempts: await c.maxAttempts(),
      })),
    );
    return { policy: aws.clients.retry, sdk };
  } finally {
    aws.dispose();
  }
}

const everyClient = (mode: string, maxAttempts: number) => Array(3).fill({ mode, maxAttempts }) as unknown[];

describe('retry policy from the AWS setup', () => {
  let box: Sandbox;
  afterEach(() => box.restore());

  it('standard mode with five attempts when nothing is configured', async () => {
    box = sandbox({ env: staticEnv('http://127.0.0.1:9') });
    const got = await seen();
    assert.deepEqual(got.policy, { mode: 'standard', maxAttempts: 5, from: 'default' });
    assert.deepEqual(got.sdk, everyClient('standard', 5));
  });

  it("the profile's retry_mode and max_attempts, the environment's over them, the caller's over both", async () => {
    box = sandbox({ config: CONFIG, env: staticEnv('http://127.0.0.1:9') });
    assert.deepEqual((await seen()).policy, { mode: 'adaptive', maxAttempts: 7, from: 'config' });
    assert.deepEqual((await seen()).sdk, everyClient('adaptive', 7));
    assert.deepEqual((await seen({ profile: 'ci' })).policy, {
      mode: 'standard',
      maxAttempts: 2,
      from: 'default',
    });
    assert.deepEqual((await seen({ profile: 'old' })).sdk, everyClient('standard', 5));
    assert.deepEqual((await seen({ profile: 'old' })).policy.from, 'config');
    // A value that means nothing is left out, not an error on every call.
    assert.deepEqual((await seen({ profile: 'typo' })).policy, {
      mode: 'standard',
      maxAttempts: 5,
      from: 'default',
    });

    process.env.AWS_PROFILE = 'ci';
    assert.deepEqual((await seen()).policy, { mode: 'standard', maxAttempts: 2, from: 'default' });
    delete process.env.AWS_PROFILE;
    process.env.AWS_RETRY_MODE = 'standard';
    process.env.AWS_MAX_ATTEMPTS = '4';
    assert.deepEqual((await seen()).policy, { mode: 'standard', maxAttempts: 4, from: 'config' });
    assert.deepEqual((await seen({ profile: 'ci' })).sdk, everyClient('standard', 4));
    assert.deepEqual((await seen({ retryMode: 'adaptive', maxAttempts: 1 })).sdk, everyClient('adaptive', 1));
  });
});

describe('retries on the wire', () => {
  let fake: FakeAws;
  let box: Sandbox;

  before(async () => {
    fake = await startFake({ pipelines: 60, projects: 2, buildsPerProject: 0 });
  });
  afterEach(() => {
    fake.faults.clear(11);
    box.restore();
  });
  after(async () => {
    await fake.stop();
  });

  it('a failing call is tried five times, or as often as AWS_MAX_ATTEMPTS says', async () => {
    box = sandbox({ env: staticEnv(fake.url) });
    // A 5xx rather than a throttle: the same attempts, with backoff in tens of milliseconds, not seconds.
    fake.inject({ kind: 'serverError', operation: 'ListPipelines' });
    let aws = await openAdapter();
    fake.resetCounts();
    assert.equal((await failure(aws.codepipeline.listPipelines())).attempts, 5);
    assert.equal(fake.count('ListPipelines'), 5);
    aws.dispose();

    process.env.AWS_MAX_ATTEMPTS = '2';
    aws = await openAdapter();
    fake.resetCounts();
    await failure(aws.codepipeline.listPipelines());
    assert.equal(fake.count('ListPipelines'), 2);
    aws.dispose();
  });

  it('while a poll is throttled, the states of 20 pipelines the user expands load at once', async () => {
    box = sandbox({ env: staticEnv(fake.url) });
    const aws = await openAdapter();
    try {
      // AWS's throttling: a rate per API. The store reads latest executions four at a time.
      fake.inject({ kind: 'rateLimit', operation: 'ListPipelineExecutions', tps: 2, burst: 2 });
      fake.resetCounts();
      const names = Array.from({ length: 12 }, (_, i) => `pipeline-${String(i).padStart(2, '0')}`);
      const poll = mapSettled(names, 4, (n) => aws.codepipeline.listPipelineExecutions(n, { pageSize: 1 }));
      // The burst lets 2 through, then 2 a second: by the 6th request several have been refused.
      for (let i = 0; i < 500 && fake.count('ListPipelineExecutions') < 6; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.ok(fake.count('ListPipelineExecutions') >= 6, 'the poll was never throttled');

      const expanded = Array.from({ length: 20 }, (_, i) => `pipeline-${String(i + 30)}`);
      const started = performance.now();
      const states = await aws.codepipeline.getPipelineStates(expanded);
      const ms = performance.now() - started;
      assert.deepEqual(
        states.filter((s) => !s.ok),
        [],
      );
      assert.equal(fake.count('GetPipelineState'), 20);
      // An adaptive client, once throttled, sends at most 5 calls a second (its floor, its bucket
      // empty): these 20 would take 4 s or more (6.2 s measured). Without it they take what the two
      // free slots of the client allow (0.3-0.6 s measured on a loaded machine); 2.5 s leaves room.
      assert.ok(ms < 2500, `the 20 states took ${Math.round(ms)} ms`);

      // Let the poll finish rather than leave its retries running past the test.
      fake.faults.clear();
      await poll;
    } finally {
      aws.dispose();
    }
  });
});
