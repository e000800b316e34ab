/**
 * Lambda compute images (aws/aws-codebuild-docker-images `al-lambda/`): one runtime each, so pinning
 * one checks `runtime-versions` against that runtime and version.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/index';
import { LAMBDA_IMAGES } from '../../server/src/service/model/runtimes';

function lint(image: string, runtimes: string): string[] {
  const text = `# codebuild-image: ${image}\nversion: 0.2\nphases:\n  install:\n    runtime-versions:\n${runtimes}  build:\n    commands:\n      - make\n`;
  const doc = TextDocument.create('file:///repo/buildspec.yml', 'yaml', 1, text);
  return new LanguageService()
    .validate(doc)
    .map((d) => `${d.range.start.line + 1}:${String(d.code)}: ${d.message as string}`);
}

describe('Lambda compute images', () => {
  it('has each language tag for both architectures', () => {
    const names = LAMBDA_IMAGES.map((i) => i.image);
    assert.ok(names.includes('aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs20'));
    assert.ok(names.includes('aws/codebuild/amazonlinux-aarch64-lambda-standard:python3.12'));
    assert.ok(names.includes('aws/codebuild/amazonlinux-x86_64-lambda-standard:go1.21'));
    assert.equal(names.length, 40);
  });

  it('checks runtime-versions against the pinned image`s one runtime', () => {
    const node20 = 'aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs20';
    assert.deepEqual(lint(node20, '      nodejs: 20\n'), []);
    assert.deepEqual(lint(node20, '      nodejs: 18\n'), [
      `6:unsupported-runtime-version: ${node20} has no nodejs 18; it has 20`,
    ]);
    assert.deepEqual(lint(node20, '      python: 3.12\n'), [
      `6:unsupported-runtime-version: ${node20} has no python runtime`,
    ]);
    assert.deepEqual(
      lint('aws/codebuild/amazonlinux-aarch64-lambda-standard:dotnet8', '      dotnet: 8.0\n'),
      [],
    );
  });
});
