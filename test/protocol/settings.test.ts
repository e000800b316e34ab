/**
 * What the server takes from a client besides documents: settings in every shape editors send them,
 * bounded and typed, and the initialization options read as options. Markdown turned into plain text
 * for clients that declare no Markdown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToPlainText } from '../../server/src/plainText';
import { readInitializationOptions, settingsIn, toSettings } from '../../server/src/settings';

describe('settings from a client', () => {
  const off = { rules: { 'float-version': 'off' }, image: '', patterns: { buildspec: [], appspec: [] } };

  it('are found wrapped, bare or dotted, and nothing is found in options or null', () => {
    assert.deepEqual(settingsIn({ awsCicd: { diagnostics: { rules: { 'float-version': 'off' } } } }), off);
    assert.deepEqual(settingsIn({ diagnostics: { rules: { 'float-version': 'off' } } }), off);
    assert.deepEqual(settingsIn({ 'awsCicd.diagnostics.rules': { 'float-version': 'off' } }), off);
    assert.deepEqual(settingsIn({ 'awsCicd.diagnostics.rules.float-version': 'off' }), off);
    assert.deepEqual(settingsIn({ 'diagnostics.rules': { 'float-version': 'off' } }), off);
    assert.equal(settingsIn({ workspaceTrusted: false, uiKind: 'web' }), undefined);
    assert.equal(settingsIn(null), undefined);
    assert.equal(settingsIn([{ awsCicd: {} }]), undefined);
  });

  it('keep only known rules with known severities, strings as patterns, and no prototype keys', () => {
    const s = toSettings(
      JSON.parse(
        '{"diagnostics":{"rules":{"__proto__":"off","constructor":"off","no-such-rule":"off","unknown-key":"loud","float-version":"hint"}},' +
          '"files":{"buildspec":["ci/*.yml",3,null],"appspec":"deploy/*.yml"},"buildspec":{"image":7}}',
      ),
    );
    assert.deepEqual(s, {
      rules: { 'float-version': 'hint' },
      image: '',
      patterns: { buildspec: ['ci/*.yml'], appspec: [] },
    });
    assert.equal(Object.getPrototypeOf(s.rules), Object.prototype);
    const many = toSettings({ files: { buildspec: Array.from({ length: 5000 }, (_, i) => `p${i}/*.yml`) } });
    assert.equal(many.patterns.buildspec.length, 100);
  });

  it('initialization options are read by type and nothing else', () => {
    assert.deepEqual(
      readInitializationOptions({
        workspaceTrusted: 'yes',
        uiKind: 'web',
        retriggerSuggestCommand: 'x'.repeat(300),
        awsCicd: {},
      }),
      { uiKind: 'web' },
    );
    assert.deepEqual(readInitializationOptions({ workspaceTrusted: false, retriggerSuggestCommand: 'go' }), {
      workspaceTrusted: false,
      retriggerSuggestCommand: 'go',
    });
    assert.deepEqual(readInitializationOptions('nonsense'), {});
  });
});

describe('Markdown as plain text', () => {
  it('drops bold marks and escapes, keeps code spans and links as text', () => {
    assert.equal(
      markdownToPlainText('**pre\\_build**\n\nRuns `npm ci`; see [docs](https://x.test/a#b) \\*not bold\\*.'),
      'pre_build\n\nRuns npm ci; see docs (https://x.test/a#b) *not bold*.',
    );
    assert.equal(markdownToPlainText('`` a`b ``'), 'a`b');
    assert.equal(markdownToPlainText('an unclosed ` tick'), 'an unclosed ` tick');
  });

  it('turns a table into lines of cells, an escaped bar kept in its cell', () => {
    assert.equal(
      markdownToPlainText(
        '| version | images |\n|---|---|\n| **3.12** | standard:7.0, al2023 |\n| a\\|b | c |',
      ),
      'version  images\n3.12  standard:7.0, al2023\na|b  c',
    );
  });
});
