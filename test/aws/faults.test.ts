/** Faults injected at the wire: what the adapter absorbs, and what it reports and how. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { openAdapter, type AwsAdapter, type CallEvent } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { FAKE_SECRET, FAKE_TOKEN, sandbox, staticEnv, type Sandbox, failure } from './sandbox';

describe('fault handling', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;
  const events: CallEvent[] = [];

  before(async () => {
    fake = await startFake({ pipelines: 500, projects: 300, buildsPerProject: 0 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter({ onCall: (e) => events.push(e) });
  });
  afterEach(() => fake.faults.clear(7));
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  it('with 50 ms a call, lists 500 pipelines in one call, well under 1.5 s', async () => {
    fake.faults.latencyMs = 50;
    fake.resetCounts();
    const t = performance.now();
    const pipelines = await aws.codepipeline.listAllPipelines();
    const ms = performance.now() - t;
    assert.equal(pipelines.length, 500);
    assert.equal(fake.count(), 1);
    assert.ok(ms < 1500, `took ${Math.round(ms)} ms`);
    const projects = await aws.codebuild.listAllProjects();
    assert.equal(projects.length, 300);
  });

  it('absorbs 20% throttling: every call still succeeds', async () => {
    fake.inject({ kind: 'throttle', rate: 0.2 });
    fake.resetCounts();
    const names = Array.from({ length: 24 }, (_, i) => `pipeline-${String(i).padStart(3, '0')}`);
    const results = await aws.codepipeline.getPipelineStates(names);
    assert.deepEqual(
      results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.message)),
      [],
    );
    assert.ok(fake.count('GetPipelineState') > 24, 'some calls were throttled and retried');
    const projects = await aws.codebuild.listAllProjects();
    assert.equal(projects.length, 300);
  });

  it('paces itself under AWS-style rate limiting instead of wasting calls', async () => {
    fake.inject({ kind: 'rateLimit', operation: 'GetPipelineState', tps: 40, burst: 10 });
    fake.resetCounts();
    const names = Array.from({ length: 60 }, (_, i) => `pipeline-${String(i + 100).padStart(3, '0')}`);
    const results = await aws.codepipeline.getPipelineStates(names);
    assert.equal(results.filter((r) => !r.ok).length, 0);
    assert.ok(fake.count('GetPipelineState') < 60 * 1.5, `calls: ${fake.count('GetPipelineState')}`);
  });

  it('reports an expired session token once, as credentials, with the fix', async () => {
    fake.inject({ kind: 'expiredToken' });
    fake.resetCounts();
    const err = await failure(aws.codepipeline.listPipelines());
    assert.equal(err.kind, 'credentials');
    assert.equal(err.expired, true);
    // The keys are the environment's: no other profile replaces them, so the hint says how to refresh them.
    assert.equal(err.fromEnvironment, true);
    assert.equal(err.message, 'Could not list pipelines: the credentials have expired');
    assert.match(err.hint ?? '', /^These credentials come from the AWS_ACCESS_KEY_ID environment variables/);
    assert.equal(fake.count('ListPipelines'), 1, 'an expired token is not retried');
  });

  it('a dropped connection is a network error after the retries, and the next call recovers', async () => {
    fake.inject({ kind: 'drop', operation: 'ListProjects' });
    const err = await failure(aws.codebuild.listProjects());
    assert.equal(err.kind, 'network');
    assert.equal(err.transient, true);
    assert.equal(err.remedy, 'retry');
    assert.match(err.message, /^Could not list projects: cannot reach 127\.0\.0\.1:\d+ \(ECONNRESET\)$/);
    assert.ok((err.attempts ?? 0) >= 2 || fake.count('ListProjects') >= 2, 'retried before giving up');
    fake.faults.clear();
    const page = await aws.codebuild.listProjects();
    assert.equal(page.items.length, 100);
  });

  it('rides out a couple of dropped connections and 5xx answers without the caller noticing', async () => {
    fake.inject({ kind: 'drop', operation: 'GetPipeline', times: 1 });
    fake.inject({ kind: 'unavailable', operation: 'GetPipeline', times: 1 });
    fake.inject({ kind: 'serverError', operation: 'GetPipeline', times: 1 });
    fake.resetCounts();
    const def = await aws.codepipeline.getPipeline('pipeline-007');
    assert.equal(def.name, 'pipeline-007');
    assert.equal(fake.count('GetPipeline'), 4);
  });

  it('a 5xx that persists is transient "other", offering Retry', async () => {
    fake.inject({ kind: 'serverError', operation: 'ListPipelines' });
    const err = await failure(aws.codepipeline.listPipelines());
    assert.equal(err.kind, 'other');
    assert.equal(err.transient, true);
    assert.equal(err.httpStatus, 500);
    assert.equal(err.message, 'Could not list pipelines: service error 500 (InternalFailure)');
  });

  it('never lets a secret, token or signature into an error or the call log', async () => {
    fake.inject({ kind: 'leakySecrets', operation: 'StartBuild' });
    const err = await failure(aws.codebuild.startBuild('project-001'));
    assert.equal(err.kind, 'other');
    const texts = [String(err), err.message, err.stack ?? '', JSON.stringify(err), JSON.stringify(events)];
    for (const text of texts) {
      assert.ok(!text.includes(FAKE_SECRET), 'secret key leaked');
      assert.ok(!text.includes(FAKE_TOKEN), 'session token leaked');
      assert.ok(!/Signature=[0-9a-f]{64}/.test(text), 'signature leaked');
      assert.ok(!text.includes('AKIAFAKEKEY000000001'), 'access key id leaked');
    }
    assert.match(err.message, /Authorization: \*\*\*/);

    fake.inject({ kind: 'expiredToken' });
    const expired = await failure(aws.codebuild.listProjects());
    assert.ok(!String(expired).includes(FAKE_TOKEN));
  });

  it('only answers SigV4-signed requests, with any key', async () => {
    const res = await fetch(fake.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'CodeBuild_20161006.ListProjects',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    assert.ok(fake.accessKeys.includes('AKIAFAKEKEY000000001'));
  });
});
