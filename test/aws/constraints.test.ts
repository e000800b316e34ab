/**
 * Requests stay inside the services' constraints: the adapter refuses what AWS would refuse, with
 * a message naming the value and the limit, before any call. And the fake refuses the same things,
 * checked against the services' own models, when a request gets past the adapter (a raw SDK call or
 * raw JSON), with the error each service answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListProjectsCommand, RetryBuildCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { ListPipelinesCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { openAdapter, type AwsAdapter, type AwsError } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { failure, sandbox, staticEnv, type Sandbox } from './sandbox';

describe('service constraints', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;

  before(async () => {
    fake = await startFake({ pipelines: 1, projects: 1, buildsPerProject: 1 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter({ maxAttempts: 1 });
  });
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  /** The AwsError of a call refused by the adapter, which must have sent nothing. */
  async function refused(p: Promise<unknown>): Promise<AwsError> {
    fake.resetCounts();
    const err = await failure(p);
    assert.equal(fake.count(), 0, `no call was made (${err.message})`);
    assert.equal(err.kind, 'other');
    assert.equal(err.code, 'InvalidRequest');
    return err;
  }

  describe('checked by the adapter, before any call', () => {
    it('page sizes and limits', async () => {
      assert.equal(
        (await refused(aws.codepipeline.listPipelines({ pageSize: 1001 }))).message,
        'Could not list pipelines: the page size must be at most 1000, not 1001',
      );
      assert.equal(
        (await refused(aws.codepipeline.listPipelineExecutions('pipeline-0', { pageSize: 0 }))).message,
        'Could not list executions of pipeline "pipeline-0": the page size must be at least 1, not 0',
      );
      const logs = { groupName: '/aws/codebuild/p', streamName: 's' };
      assert.equal(
        (await refused(aws.logs.getLogEvents({ ...logs, limit: 10_001 }))).message,
        'Could not read log stream "/aws/codebuild/p/s": the event limit must be at most 10000, not 10001',
      );
    });

    it('names: empty, too long, or with characters the pattern forbids', async () => {
      assert.equal(
        (await refused(aws.codebuild.startBuild(''))).message,
        'Could not start build for "": the project name is empty',
      );
      assert.equal(
        (await refused(aws.codepipeline.getPipelineState('my pipeline'))).message,
        'Could not get the state of pipeline "my pipeline": the pipeline name may hold only letters, digits and . @ - _',
      );
      assert.match(
        (await refused(aws.codepipeline.getPipeline('p'.repeat(101)))).message,
        /: the pipeline name is longer than 100 characters \(101\)$/,
      );
      assert.match(
        (await refused(aws.logs.getLogEvents({ groupName: '/aws/codebuild/p', streamName: 'a:b' }))).message,
        /: the log stream name may hold only no : or \*$/,
      );
      await refused(aws.codebuild.batchGetBuilds(['project-0:x', '']));
    });

    it('what a start, stop or approval carries', async () => {
      const vars = Array.from({ length: 51 }, (_, i) => ({ name: `V${i}`, value: 'x' }));
      assert.match(
        (await refused(aws.codepipeline.startPipelineExecution('pipeline-0', vars))).message,
        /: the number of variables must be at most 50, not 51$/,
      );
      assert.match(
        (await refused(aws.codepipeline.startPipelineExecution('pipeline-0', [{ name: 'V', value: '' }])))
          .message,
        /: the value of variable V is empty$/,
      );
      await refused(aws.codepipeline.startPipelineExecution('pipeline-0', [], 'token with spaces'));
      await refused(aws.codepipeline.stopPipelineExecution('pipeline-0', 'not-an-execution-id'));
      const id = '0123abcd-0123-4567-89ab-0123456789ab';
      await refused(aws.codepipeline.stopPipelineExecution('pipeline-0', id, { reason: 'r'.repeat(201) }));
      const target = { pipelineName: 'pipeline-0', stageName: 'Approve', actionName: 'Approve', token: id };
      assert.match(
        (await refused(aws.codepipeline.putApprovalResult(target, 'Approved', 's'.repeat(513)))).message,
        /^Could not approve "pipeline-0\/Approve\/Approve": the summary is longer than 512 characters/,
      );
      await refused(
        aws.codebuild.startBuild('project-0', { environmentVariablesOverride: [{ name: '', value: 'v' }] }),
      );
    });
  });

  describe('checked by the fake against the service models', () => {
    it('CodeBuild: a missing member, an enum value it does not know', async () => {
      const cb = aws.clients.codebuild;
      await assert.rejects(cb.send(new StartBuildCommand({ projectName: undefined })), {
        name: 'InvalidInputException',
        message:
          "1 validation error detected: Value null at 'projectName' failed to satisfy constraint: Member must not be null",
      });
      // RetryBuild's id is optional in the model; the service still wants one, and says so its way.
      await assert.rejects(cb.send(new RetryBuildCommand({})), { name: 'InvalidInputException' });
      await assert.rejects(cb.send(new ListProjectsCommand({ sortOrder: 'UP' as 'ASCENDING' })), {
        name: 'InvalidInputException',
        message:
          "1 validation error detected: Value 'UP' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [ASCENDING, DESCENDING]",
      });
    });

    it('CodePipeline and CloudWatch Logs: ranges, lengths and patterns', async () => {
      await assert.rejects(aws.clients.codepipeline.send(new ListPipelinesCommand({ maxResults: 0 })), {
        name: 'ValidationException',
        message: /Member must have value greater than or equal to 1/,
      });
      await assert.rejects(
        aws.clients.codepipeline.send(
          new PutApprovalResultCommand({
            pipelineName: 'pipeline-0',
            stageName: 'Approve',
            actionName: 'Approve',
            token: 'x',
            result: { status: 'Approved', summary: 's'.repeat(513) },
          }),
        ),
        (err: Error) => {
          assert.equal(err.name, 'ValidationException');
          assert.match(err.message, /^2 validation errors detected: /);
          assert.match(err.message, /at 'result.summary' .*length less than or equal to 512/);
          assert.match(err.message, /at 'token' .*regular expression pattern/);
          return true;
        },
      );
      await assert.rejects(
        aws.clients.logs.send(
          new GetLogEventsCommand({
            logGroupName: '/aws/codebuild/project-0',
            logStreamName: 'x',
            limit: 20_000,
          }),
        ),
        { name: 'InvalidParameterException', message: /at 'limit' .*less than or equal to 10000/ },
      );
    });

    it('raw JSON: unknown members and wrong types are SerializationException', async () => {
      const post = async (target: string, body: unknown) => {
        const res = await fetch(fake.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': target,
            authorization: `AWS4-HMAC-SHA256 Credential=AKIAFAKE/20240101/us-east-1/codebuild/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
          },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as { __type: string; message: string } };
      };
      const unknown = await post('CodeBuild_20161006.StartBuild', { projectName: 'project-0', force: true });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.__type, 'SerializationException');
      assert.match(unknown.body.message, /Unrecognized field 'force'/);
      const wrong = await post('CodeBuild_20161006.BatchGetBuilds', { ids: 'project-0:x' });
      assert.equal(wrong.body.__type, 'SerializationException');
      const nested = await post('CodePipeline_20150709.StartPipelineExecution', {
        name: 'pipeline-0',
        variables: [{ name: 'DEPLOY_ENV', value: 1 }],
      });
      assert.equal(nested.body.__type, 'SerializationException');
      assert.match(nested.body.message, /variables\.1\.member\.value/);
      const accepted = await post('CodeBuild_20161006.ListProjects', { sortBy: 'NAME' });
      assert.equal(accepted.status, 200);
    });
  });
});
