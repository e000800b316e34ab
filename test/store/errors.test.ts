// The one action each failure offers: a denial names the missing permission and offers the output
// (retrying cannot help); expired environment credentials say how to refresh them (no profile to pick).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../client/src/aws/errors';
import { errorInfo } from '../../client/src/store/errors';

const base = {
  operation: 'codepipeline:GetPipelineState',
  verb: 'get the state of pipeline',
  resource: 'api',
};

describe('store error remedies', () => {
  it('access denied: the permission, and the output instead of Retry', () => {
    const info = errorInfo(
      new AwsError({
        ...base,
        kind: 'accessDenied',
        reason: 'access denied (codepipeline:GetPipelineState)',
        remedy: 'none',
      }),
    );
    assert.equal(info.remedy, 'showOutput');
    assert.equal(info.hint, 'Needs the IAM permission codepipeline:GetPipelineState');
  });

  it('expired environment credentials: how to refresh them, not Select Profile', () => {
    const env = errorInfo(
      new AwsError({
        ...base,
        kind: 'credentials',
        reason: 'the credentials have expired',
        remedy: 'selectProfile',
        fromEnvironment: true,
      }),
    );
    assert.equal(env.remedy, 'refreshCredentials');
    const profile = errorInfo(
      new AwsError({
        ...base,
        kind: 'credentials',
        reason: 'the credentials have expired',
        remedy: 'selectProfile',
      }),
    );
    assert.equal(profile.remedy, 'selectProfile');
  });

  it('a dropped network is retried', () => {
    const info = errorInfo(
      new AwsError({
        ...base,
        kind: 'network',
        reason: 'cannot reach host',
        remedy: 'retry',
        transient: true,
      }),
    );
    assert.equal(info.remedy, 'retry');
  });
});
