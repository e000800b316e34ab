/**
 * Every fixture in test/fixtures/diagnostics states the diagnostics it must get, line by line, with
 * `# want:` comments; the service must report exactly those, no more and no fewer.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { LanguageService, RULES } from '../../server/src/service/index';
import { doc, fixture, FIXTURES, wants } from '../support/docs';

const dir = path.join(FIXTURES, 'diagnostics');
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('diagnostics fixtures', () => {
  const seen = new Set<string>();
  for (const file of files) {
    it(file, () => {
      const text = fixture(`diagnostics/${file}`);
      const service = new LanguageService();
      const got = service
        .validate(doc(file, text))
        .map((d) => `${d.range.start.line + 1}:${String(d.code)}`)
        .sort();
      got.forEach((g) => seen.add(g.split(':')[1]));
      assert.deepEqual(got, wants(text));
    });
  }
  it('cover every rule except those with a test of their own', () => {
    const own = new Set(['file-too-large', 'script-not-found', 'unsupported-runtime-version']);
    const missing = Object.keys(RULES).filter((c) => !seen.has(c) && !own.has(c));
    assert.deepEqual(missing, []);
  });
});

describe('diagnostic details', () => {
  const service = new LanguageService();

  it('reports the exact range of an unknown key, with did-you-mean and severity', () => {
    const d = service.validate(
      doc('buildspec.yml', 'version: 0.2\nphases:\n  pre-build:\n    commands: [make]\n'),
    );
    assert.equal(d.length, 1);
    assert.equal(d[0].message, 'Unknown phase in `phases`: `pre-build`; did you mean `pre_build`?');
    assert.deepEqual(d[0].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 11 } });
    assert.equal(d[0].severity, DiagnosticSeverity.Error);
    assert.equal(d[0].source, 'buildspec');
  });

  it('finds hook scripts missing from the workspace, relative to the appspec', () => {
    const checked: string[] = [];
    const withFs = new LanguageService({
      fileExists: (uri) => {
        checked.push(uri);
        return uri.endsWith('/scripts/present.sh');
      },
    });
    const text =
      'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/present.sh\n    - location: ./scripts/absent.sh\n';
    const d = withFs.validate(doc('app/appspec.yml', text));
    assert.deepEqual(
      d.map((x) => [x.code, x.range.start.line, x.message]),
      [
        [
          'script-not-found',
          5,
          'No such script in the workspace, relative to the AppSpec file: ./scripts/absent.sh',
        ],
      ],
    );
    assert.deepEqual(checked, [
      'file:///work/space/app/scripts/present.sh',
      'file:///work/space/app/scripts/absent.sh',
    ]);
  });

  it('skips files too large to analyse with one message', () => {
    const big = `version: 0.2\nphases:\n  build:\n    commands:\n${'      - echo 0123456789012345678901234567890123456789\n'.repeat(90_000)}`;
    const d = service.validate(doc('buildspec.yml', big));
    assert.deepEqual(
      d.map((x) => x.code),
      ['file-too-large'],
    );
  });

  it('lets settings change a severity or turn a rule off', () => {
    const s = new LanguageService();
    const text =
      'version: 0.2\nphases:\n  build:\n    commands:\n      - $(aws ecr get-login)\n      - docker push x\n';
    s.configure({
      rules: { 'ecr-get-login': 'error', 'docker-needs-privileged': 'off' },
      image: '',
      patterns: { buildspec: [], appspec: [] },
    });
    const d = s.validate(doc('buildspec.yml', text));
    assert.deepEqual(
      d.map((x) => [x.code, x.severity]),
      [['ecr-get-login', DiagnosticSeverity.Error]],
    );
  });

  it('checks runtime versions against a pinned image, from a comment or a setting', () => {
    const text =
      'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 18\n      python: "3.13"\n';
    const unpinned = service.validate(doc('buildspec.yml', text));
    assert.deepEqual(unpinned, []);
    const pinned = service.validate(
      doc('buildspec.yml', `# codebuild-image: aws/codebuild/standard:8.0\n${text}`),
    );
    assert.deepEqual(
      pinned.map((x) => [x.code, x.message]),
      [['unsupported-runtime-version', 'aws/codebuild/standard:8.0 has no nodejs 18; it has 24, 22']],
    );
    const s = new LanguageService();
    s.configure({ rules: {}, image: 'aws/codebuild/standard:6.0', patterns: { buildspec: [], appspec: [] } });
    assert.deepEqual(
      s.validate(doc('buildspec.yml', text)).map((x) => x.code),
      ['unsupported-runtime-version', 'unsupported-runtime-version'],
    );
  });

  it('accepts major.x, latest and variables as runtime versions', () => {
    const text =
      'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 20.x\n      python: latest\n      java: $JAVA_VERSION\n';
    assert.deepEqual(service.validate(doc('buildspec.yml', text)), []);
  });
});
