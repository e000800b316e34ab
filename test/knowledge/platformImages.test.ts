/**
 * Windows and macOS images: their runtime tables from the CodeBuild guide (docs/knowledge.md). A pinned
 * image checks runtime-versions against its table; unpinned, a version only those images have is quiet;
 * what the guide leaves open (Windows 2022, macOS 14, runtimes missing from a table) gets no finding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { findImage, MAC_IMAGES, WINDOWS_IMAGES } from '../../server/src/service/model/runtimes';
import { caret, doc } from '../support/docs';

const service = new LanguageService();

function lint(image: string | undefined, runtimes: string): string[] {
  const pin = image ? `# codebuild-image: ${image}\n` : '';
  const text = `${pin}version: 0.2\nphases:\n  install:\n    runtime-versions:\n${runtimes}  build:\n    commands:\n      - make\n`;
  return service
    .validate(doc('buildspec.yml', text))
    .map((d) => `${String(d.code)}/${String(d.severity)}: ${d.message as string}`);
}

const hoverText = (h: Hover | null) =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';

describe('Windows images', () => {
  const win3 = 'aws/codebuild/windows-base:2019-3.0';

  it('are the three Windows Server Core 2019 images of the runtime table', () => {
    assert.deepEqual(
      WINDOWS_IMAGES.map((i) => i.image),
      [
        'aws/codebuild/windows-base:2019-1.0',
        'aws/codebuild/windows-base:2019-2.0',
        'aws/codebuild/windows-base:2019-3.0',
      ],
    );
    assert.equal(findImage('AWS/CodeBuild/Windows-Base:2019-2.0')?.platform, 'windows');
  });

  it('take a major for a listed minor and report an unlisted version as a warning', () => {
    assert.deepEqual(lint(win3, '      nodejs: 22\n      dotnet: 8\n      java: corretto8\n'), []);
    assert.deepEqual(lint(win3, '      nodejs: 18\n'), [
      `unlisted-runtime-version/2: ${win3} does not list nodejs 18; its runtime table has 22.13, 20.18`,
    ]);
    assert.deepEqual(lint('aws/codebuild/windows-base:2019-1.0', '      powershell: 7.4\n'), [
      'unlisted-runtime-version/2: aws/codebuild/windows-base:2019-1.0 does not list powershell 7.4; its runtime table has 7.1',
    ]);
  });

  it('check nothing where the guide says nothing', () => {
    // No `rust` row for Windows; no table at all for Windows Server 2022.
    assert.deepEqual(lint(win3, '      rust: 1.93\n'), []);
    assert.deepEqual(lint('aws/codebuild/windows-base:2022-1.0', '      dotnet: 8.0\n      nodejs: 1\n'), []);
  });
});

describe('macOS images', () => {
  it('are macos-arm-base 15 and 26, with patch versions a minor selects', () => {
    assert.deepEqual(
      MAC_IMAGES.map((i) => i.image),
      ['aws/codebuild/macos-arm-base:15', 'aws/codebuild/macos-arm-base:26'],
    );
    const mac26 = 'aws/codebuild/macos-arm-base:26';
    assert.deepEqual(lint(mac26, '      php: 8.5\n      python: 3.14\n      rust: 1.92.0\n'), []);
    assert.deepEqual(lint(mac26, '      php: 8.5.0\n'), [
      `unlisted-runtime-version/2: ${mac26} does not list php 8.5.0; its runtime table has 8.5.2, 8.4.17, 8.3.30, 8.2.30`,
    ]);
    assert.deepEqual(lint('aws/codebuild/macos-arm-base:14', '      nodejs: 8\n'), []);
  });
});

describe('unpinned buildspecs', () => {
  it('take a version only a Windows or macOS image has, and still warn about one no image has', () => {
    assert.deepEqual(
      lint(undefined, '      powershell: 7.4\n      nodejs: 14.15\n      golang: 1.25.4\n'),
      [],
    );
    const [finding] = lint(undefined, '      nodejs: 13\n');
    assert.match(
      finding,
      /^unknown-runtime-version\/2: No current CodeBuild image has nodejs 13 pre-installed/,
    );
  });
});

describe('runtime hover on a pinned Windows image', () => {
  it('shows the versions of the table', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      '# codebuild-image: aws/codebuild/windows-base:2019-3.0\nversion: 0.2\nphases:\n  install:\n    runtime-versions:\n      node^js: 22\n',
    );
    const md = hoverText(service.hover(d, position));
    assert.match(md, /Versions on `aws\/codebuild\/windows-base:2019-3\.0`/);
    assert.match(md, /\| 22\.13 \| windows-base:2019-3\.0 \|/);
    assert.match(md, /\| 20\.18 \| windows-base:2019-3\.0 \|/);
  });
});
