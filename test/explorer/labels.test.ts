// The sandbox label comes from the extension host's environment only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionLabel } from '../../client/src/explorer/labels';

describe('connection labels', () => {
  const c = { profile: 'default', region: 'us-east-1' };

  it('names the profile and region of a real account', () => {
    assert.equal(connectionLabel(c, {}), 'default · us-east-1');
    assert.equal(connectionLabel(c, { AWS_CICD_SANDBOX: '0' }), 'default · us-east-1');
  });

  it('says sandbox when npm start runs against the local fake', () => {
    assert.equal(connectionLabel(c, { AWS_CICD_SANDBOX: '1' }), 'Sandbox (local fake AWS) · us-east-1');
  });
});
