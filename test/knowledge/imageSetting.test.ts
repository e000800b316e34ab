/**
 * The `awsCicd.buildspec.image` setting offers exactly the current images the model has runtime tables
 * for: a user on a Windows, macOS or Lambda image can pick it, and no choice is one the checks ignore.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/index';
import { IMAGES, LAMBDA_IMAGES, PLATFORM_IMAGES } from '../../server/src/service/model/runtimes';

interface Setting {
  readonly enum: string[];
  readonly enumItemLabels: string[];
  readonly markdownEnumDescriptions: string[];
}

function imageSetting(): Setting {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    };
  };
  for (const c of [pkg.contributes.configuration].flat()) {
    const s = c.properties['awsCicd.buildspec.image'];
    if (s) return s as Setting;
  }
  throw new Error('package.json has no awsCicd.buildspec.image setting');
}

describe('the image setting', () => {
  it('lists every current image of the model, and only those, each with a label and a description', () => {
    const setting = imageSetting();
    const current = [...IMAGES, ...PLATFORM_IMAGES, ...LAMBDA_IMAGES]
      .filter((i) => !i.retired)
      .map((i) => i.image);
    assert.equal(setting.enum[0], '');
    assert.deepEqual([...setting.enum.slice(1)].sort(), [...current].sort());
    assert.equal(setting.enumItemLabels.length, setting.enum.length);
    assert.equal(setting.markdownEnumDescriptions.length, setting.enum.length);
  });

  it('checks runtime-versions against the image chosen, Windows and Lambda included', () => {
    const service = new LanguageService();
    const text = 'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 22\n';
    const doc = TextDocument.create('file:///w/buildspec.yml', 'buildspec', 1, text);
    const codes = (image: string) => {
      service.configure({ rules: {}, image, patterns: { buildspec: [], appspec: [] } });
      return service.validate(doc).map((d) => d.code);
    };
    assert.deepEqual(codes('aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs22'), []);
    assert.ok(codes('aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12').length > 0);
  });
});
