/** What the log document says when a build has no CloudWatch log, and how earlier lines are sliced. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Build } from '../../client/src/aws/types';
import { logAvailability, sliceLines } from '../../client/src/logs/availability';

function build(over: Partial<Build>): Build {
  return {
    id: 'api:1',
    projectName: 'api',
    buildNumber: 7,
    status: 'IN_PROGRESS',
    complete: false,
    phases: [],
    ...over,
  };
}

describe('log availability', () => {
  it('a CloudWatch stream is followed', () => {
    const b = build({
      logs: {
        groupName: '/aws/codebuild/api',
        streamName: 's1',
        groupArn: 'arn:aws:logs:us-east-1:1:log-group:/aws/codebuild/api',
      },
      logOutput: { kind: 'cloudWatch', groupName: '/aws/codebuild/api', streamName: 's1' },
    });
    assert.deepEqual(logAvailability(b), {
      kind: 'cloudWatch',
      groupName: '/aws/codebuild/api',
      streamName: 's1',
      groupArn: 'arn:aws:logs:us-east-1:1:log-group:/aws/codebuild/api',
    });
  });

  it('S3 only, nowhere, not yet, and ended without a log each say so', () => {
    assert.deepEqual(logAvailability(build({ logOutput: { kind: 's3', s3Location: 'my-bucket/logs' } })), {
      kind: 'none',
      message:
        'Build api #7 logs only to S3 (my-bucket/logs): CloudWatch Logs are turned off for project api. ' +
        'Download the log and open it with "AWS CI/CD: Open Saved Build Log…", or use "Open Log in AWS Console".',
    });
    assert.deepEqual(logAvailability(build({ logOutput: { kind: 'none' } })), {
      kind: 'none',
      message: 'Build api #7 has no log: CloudWatch Logs and S3 logs are both turned off for project api.',
    });
    assert.deepEqual(
      logAvailability(build({ currentPhase: 'PROVISIONING', logOutput: { kind: 'unknown' } })),
      {
        kind: 'wait',
        message:
          'Build api #7 has no log yet (provisioning). It shows here as soon as CodeBuild starts writing it.',
      },
    );
    assert.deepEqual(logAvailability(build({ complete: true, status: 'FAULT' })), {
      kind: 'none',
      message: 'Build api #7 ended (fault) without writing a log.',
    });
  });
});

describe('earlier lines', () => {
  const events = [
    { timestamp: 1, message: 'a\n' },
    { timestamp: 2, message: 'b\nc\nd\n' },
    { timestamp: 3, message: 'e\n' },
  ];

  it('keeps exactly lines [from, to), cutting events that straddle the edges', () => {
    const { kept, next } = sliceLines(events, 0, { from: 2, to: 4 });
    assert.deepEqual(kept, [{ timestamp: 2, message: 'c\nd\n' }]);
    assert.equal(next, 5);
  });

  it('counts on from the line a page starts at', () => {
    assert.deepEqual(sliceLines(events, 10, { from: 0, to: 11 }).kept, [{ timestamp: 1, message: 'a\n' }]);
    assert.deepEqual(sliceLines(events, 10, { from: 20, to: 30 }), { kept: [], next: 15 });
  });
});
