/** The `awsCicd.files.*` glob matcher: what matches, and that hostile patterns cost little and never throw. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, matchesAny, matchGlob } from '../../server/src/service/glob';
import { LanguageService, DEFAULT_SETTINGS } from '../../server/src/service/index';
import { doc } from '../support/docs';

const m = (path: string, glob: string) => matchesAny(path, [glob]);

describe('file pattern globs', () => {
  it('matches names, folders, stars, question marks and braces', () => {
    assert.ok(m('file:///w/ci/unit.yml', 'ci/*.yml'));
    assert.ok(m('file:///w/ci/unit.yml', 'unit.yml'));
    assert.ok(m('file:///w/ci/UNIT.YML', 'unit.yml'), 'case-insensitive');
    assert.ok(!m('file:///w/ci/sub/unit.yml', 'ci/*.yml'), '* stays inside one folder');
    assert.ok(m('file:///w/ci/sub/deep/unit.yml', 'ci/**/*.yml'));
    assert.ok(m('file:///w/ci/unit.yml', 'ci/**/*.yml'), '**/ may be no folder');
    assert.ok(m('file:///w/a/codebuild/x.yaml', '**/codebuild/*.yaml'));
    assert.ok(m('file:///w/ci/a1.yml', 'ci/a?.yml'));
    assert.ok(!m('file:///w/ci/a12.yml', 'ci/a?.yml'));
    assert.ok(m('file:///w/ci/b.yaml', 'ci/*.{yml,yaml}'));
    assert.ok(!m('file:///w/ci/b.json', 'ci/*.{yml,yaml}'));
    assert.ok(m('file:///w/ci/b.yml', './ci/b.yml'), 'a leading ./ is the folder itself');
    assert.ok(!m('file:///w/xci/b.yml', 'ci/b.yml'), 'a pattern starts a path segment');
    assert.ok(m('file:///w/ci/b.yml', 'ci/**'));
  });

  it('treats regular-expression characters as themselves', () => {
    assert.ok(m('file:///w/a+b/(x)|[y]^$.yml', 'a+b/(x)|[y]^$.yml'));
    assert.ok(!m('file:///w/aab/x.yml', 'a+b/x.yml'));
    assert.ok(!m('file:///w/ci/axyml', 'a.yml'));
    assert.ok(m('file:///w/{x/a.yml', '{x/a.yml'), 'a lone { is a character');
    assert.ok(m('file:///w/x}/a.yml', 'x}/a.yml'));
  });

  it('never throws on odd input', () => {
    for (const g of [
      '{*}',
      '{',
      '}',
      '{}',
      '{,}',
      '[',
      '[]',
      '\\',
      '(',
      '*{*,*}*',
      '?'.repeat(50),
      '',
      ' ',
    ]) {
      assert.doesNotThrow(() => m('file:///w/ci/a.yml', g), g);
    }
    assert.ok(m('file:///w/ci/a.yml', '{*}'));
  });

  it('matches hostile patterns in linear time', () => {
    const path = `file:///w/${'a'.repeat(4000)}`;
    const hostile = [
      '*'.repeat(12) + 'b',
      'a*'.repeat(40) + 'b',
      '**/'.repeat(30) + 'b',
      '**a'.repeat(40) + 'b',
      '{a*,a*a*,*a*a*}'.repeat(3) + 'b',
      '?*'.repeat(200) + 'b',
    ];
    const started = performance.now();
    for (const g of hostile) assert.equal(m(path, g), false, g);
    const ms = performance.now() - started;
    assert.ok(ms < 500, `hostile globs took ${ms.toFixed(0)} ms`);
  });

  it('ignores an over-long pattern and caps brace expansion', () => {
    assert.deepEqual(compileGlob('a'.repeat(5000)), []);
    assert.ok(compileGlob('{a,b,c,d}'.repeat(10)).length <= 64);
    assert.equal(matchGlob(compileGlob('ci/*.yml', true), 'ci/a.yml'), true);
    assert.equal(matchGlob(compileGlob('ci/*.yml', true), 'x/ci/a.yml'), false, 'anchored: the whole path');
  });

  it('decides the file kind on the language server without stalling on a hostile workspace setting', () => {
    const service = new LanguageService();
    service.configure({
      ...DEFAULT_SETTINGS,
      patterns: { buildspec: ['*'.repeat(20) + 'z', 'ci/*.yml'], appspec: ['{*}', '('] },
    });
    const started = performance.now();
    const d = doc(`ci/${'a'.repeat(300)}.yml`, 'version: 0.2\nphases:\n  build:\n    commands: [make]\n');
    assert.match(service.describe(d), /buildspec/i);
    assert.ok(performance.now() - started < 500);
  });
});
