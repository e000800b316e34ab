/** Hover and completion Markdown show the document's own text as text: no images, links or HTML. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem, Hover } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { markdownCode, markdownText } from '../../server/src/service/markdown';
import { caret } from '../support/docs';

const service = new LanguageService();
const text = (h: Hover | null) =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';

/** Markdown outside code spans, with escaped characters removed: what a renderer could read as syntax. */
function live(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    if (md[i] === '\\') {
      i++;
      continue;
    }
    if (md[i] === '`') {
      let n = 1;
      while (md[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      const end = md.indexOf(fence, i + n);
      assert.ok(end > 0, `unclosed code span in ${md}`);
      i = end + n - 1;
      continue;
    }
    out += md[i];
  }
  return out;
}

/** Fails when the Markdown could render an image, a link, an autolink or HTML. */
function assertInert(md: string): void {
  const bare = live(md);
  assert.doesNotMatch(bare, /[<>[\]]|https?:|www\./, `live Markdown in: ${md}`);
}

const HOSTILE = [
  '![x](http://evil.example/track.png)',
  '<img src="http://evil.example/a.png">',
  '[click](command:workbench.action.terminal.new)',
  'a`b``c',
  '`',
  'http://evil.example/x',
  '<http://evil.example>',
];

describe('hover Markdown from document text', () => {
  for (const bad of HOSTILE) {
    it(`shows a variable's value as text: ${bad}`, () => {
      const yaml = JSON.stringify(bad);
      const { doc: d, position } = caret(
        'buildspec.yml',
        `version: 0.2\nenv:\n  variables:\n    FOO: ${yaml}\nphases:\n  build:\n    commands:\n      - echo $F^OO\n`,
      );
      const md = text(service.hover(d, position));
      assert.match(md, /Defined in env\.variables/);
      assertInert(md);
      assert.ok(md.includes(bad.replace(/\n/g, ' ')), `the value is shown whole: ${md}`);
    });

    it(`shows a key as text: ${bad}`, () => {
      const { doc: d, position } = caret(
        'buildspec.yml',
        `version: 0.2\nenv:\n  variables:\n    ${JSON.stringify(`^${bad}`).replace('^', '').replace(/^"/, '"^')}: x\n`,
      );
      const md = text(service.hover(d, position));
      assert.ok(md.length > 0, 'a hover shows');
      assertInert(md);
    });
  }

  it('shows a variable value with a newline on one line, in the completion documentation too', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nenv:\n  variables:\n    FOO: "a\\n# heading\\n![x](http://e/x.png)"\nphases:\n  build:\n    commands:\n      - echo $^\n',
    );
    const items: CompletionItem[] = service.complete(d, position);
    const foo = items.find((i) => i.label === '$FOO');
    assert.ok(foo, 'the file variable is offered');
    const md = typeof foo.documentation === 'object' ? foo.documentation.value : '';
    assert.doesNotMatch(md, /\n/);
    assertInert(md);
  });

  it('escapes and fences correctly', () => {
    assert.equal(markdownText('a*b_c'), 'a\\*b\\_c');
    assert.equal(markdownCode('a`b'), '``a`b``');
    assert.equal(markdownCode('`x'), '`` `x ``');
    assert.ok(markdownText('x'.repeat(1000)).length < 250, 'long text is cut');
  });
});
