/** Outside text in notifications and dialogs: no live link or icon, no controls, bounded. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  breakLinks,
  notificationText,
  safeLine,
  safeLines,
  safeName,
  truncate,
} from '../../client/src/explorer/safeText';

// What VS Code turns into a link in a notification message (vs/base/common/linkedText.ts).
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
const ICON = /\$\([\w~-]+\)/;

describe('notification and dialog text', () => {
  const hostile = '[click](command:workbench.action.quit) $(warning) [x](https://evil.example)';

  it('leaves no link and no icon in a name, and keeps a plain name as it is', () => {
    assert.equal(safeName('pipeline-1'), 'pipeline-1');
    assert.equal(safeName('default@us-east-1'), 'default@us-east-1');
    const name = safeName(hostile);
    assert.doesNotMatch(name, LINK);
    assert.doesNotMatch(name, ICON);
    assert.doesNotMatch(name, /[[\]()$"]/);
  });

  it('breaks link and icon syntax in longer text, keeping its words', () => {
    for (const f of [breakLinks, (t: string) => notificationText(t), (t: string) => safeLine(t)]) {
      const out = f(`Could not start build: ${hostile}`);
      assert.doesNotMatch(out, LINK);
      assert.doesNotMatch(out, ICON);
      assert.match(out, /click/);
    }
    assert.doesNotMatch(breakLinks('[a]  (command:x) [b](command:y)'), /\]\(/);
  });

  it('drops controls and bidi overrides; a line stays one line', () => {
    const out = safeLine('ok\u202Egnp.exe\u0007\x1b[31m\nnext\u200bline');
    assert.equal(out, 'okgnp.exe[31m nextline');
    assert.equal(notificationText('a\u0000b\u009bc'), 'a b c');
  });

  it('cuts long text, without splitting a character', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 4), 'abc');
    assert.equal(Array.from(truncate('😀'.repeat(10), 5)).length, 5);
    assert.ok(safeName('x'.repeat(10_000)).length <= 100);
    assert.ok(notificationText('x'.repeat(1_000_000)).length <= 500);
    const many = safeLines(Array.from({ length: 100 }, (_, i) => `line ${i} ${'y'.repeat(500)}`).join('\n'));
    assert.equal(many.split('\n').length, 7);
    assert.ok(many.length < 7 * 210);
  });
});
