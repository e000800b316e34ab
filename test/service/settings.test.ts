/** The manifest's promises about workspace settings: what a cloned repository may and may not set. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../support/docs';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}
const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const settings = manifest.contributes.configuration.properties;

describe('workspace settings in the manifest', () => {
  it('ignores the workspace file patterns and server trace in Restricted Mode', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    for (const key of ['awsCicd.files.buildspec', 'awsCicd.files.appspec', 'awsCicd.trace.server']) {
      assert.ok(restricted.includes(key), key);
      assert.ok(settings[key], `${key} is a contributed setting`);
    }
  });

  it('reads billed and endpoint settings from the user only', () => {
    assert.equal(settings['awsCicd.logs.liveTail'].scope, 'application');
    assert.equal(settings['awsCicd.connections'].scope, 'application');
    assert.equal(settings['awsCicd.endpointUrl'].scope, 'machine');
  });
});
