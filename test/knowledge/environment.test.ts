/**
 * The batch `env` values the model accepts are the CodeBuild API's own (the SDK's ComputeType and
 * EnvironmentType enums), so a value CodeBuild takes never gets a warning.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComputeType, EnvironmentType } from '@aws-sdk/client-codebuild';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/index';
import { COMPUTE_TYPES, ENV_TYPES } from '../../server/src/service/model/buildspec';

describe('build environment values', () => {
  it('are exactly the CodeBuild API enums', () => {
    assert.deepEqual([...COMPUTE_TYPES].sort(), Object.values(ComputeType).sort());
    assert.deepEqual([...ENV_TYPES].sort(), Object.values(EnvironmentType).sort());
  });

  it('take attribute-based compute and the EC2 environment types in a batch without a finding', () => {
    const text =
      'version: 0.2\nbatch:\n  build-list:\n    - identifier: arm\n      env:\n        compute-type: ATTRIBUTE_BASED_COMPUTE\n        type: ARM_EC2\n    - identifier: win\n      env:\n        type: WINDOWS_EC2\nphases:\n  build:\n    commands:\n      - make\n';
    const doc = TextDocument.create('file:///repo/buildspec.yml', 'yaml', 1, text);
    assert.deepEqual(new LanguageService().validate(doc), []);
  });
});
