/**
 * Links and problems cost time linear in what a log holds, for crafted lines too: the path patterns
 * used to backtrack over every start position (a 4,000-character line of path characters took a second,
 * a 16 MB log of them an hour), and the ESLint message pattern over every blank.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPathRefs, type LinkState } from '../../client/src/logs/links';
import { extractProblems, ProblemCollector } from '../../client/src/logs/problems';
import { eslintFinding, scanPathRefs } from '../../client/src/logs/scan';

const MB = 1 << 20;

function ms(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** Lines a crafted log is made of: long runs that each pattern once had to try from every position. */
const CRAFTED: Record<string, (n: number) => string> = {
  'path characters': (n) => 'a'.repeat(n),
  'dotted path characters': (n) => 'a.'.repeat(n / 2),
  'slashes and dots': (n) => 'a/b.'.repeat(n / 4),
  'almost a reference': (n) => 'a.ts:'.repeat(n / 5),
  'parentheses after paths': (n) => 'a.b('.repeat(n / 4),
  'ESLint finding with blanks': (n) => `  1:1  error  m${' '.repeat(n - 20)}x!`,
  'stack frame with parentheses': (n) => `    at ${'(a.b'.repeat(n / 4)}`,
  'tsc-like': (n) => `${'a.a'.repeat(n / 3)}(1,`,
};

describe('one crafted 1 MB line', () => {
  for (const [name, make] of Object.entries(CRAFTED)) {
    it(`${name}: links and problems in linear time`, () => {
      const line = make(MB);
      const state: LinkState = { eslintFile: { raw: '/x/a.js', path: 'a.js' } };
      const links = ms(() => findPathRefs(line, state));
      const problems = ms(() => extractProblems(['/x/a.js', line]));
      // The scanner itself, without the per-line cap: 1 MB and 100 KB, so a quadratic cost would show
      // as a 100x ratio.
      const full = ms(() => scanPathRefs(line, Infinity));
      const tenth = ms(() => scanPathRefs(make(MB / 10), Infinity));
      assert.ok(links < 500 && problems < 500, `links ${links} ms, problems ${problems} ms`);
      assert.ok(full < 1000 + 30 * tenth, `1 MB ${full} ms, 100 KB ${tenth} ms`);
    });
  }

  it('an ESLint finding with a megabyte of blanks reads once', () => {
    const line = `  3:7  error  Unexpected console statement${' '.repeat(MB)}no-console`;
    let f: ReturnType<typeof eslintFinding>;
    const t = ms(() => (f = eslintFinding(line)));
    assert.ok(t < 200, `${t} ms`);
    assert.equal(f!.message, 'Unexpected console statement');
    assert.equal(f!.rule, 'no-console');
  });
});

describe('16 MB of crafted lines', () => {
  it('cost about what 16 MB of ordinary build output costs', (t) => {
    const ordinary = [
      'src/components/button.tsx(12,5): error TS2322: Type string is not assignable to type number.',
      '    at Object.<anonymous> (/codebuild/output/src1/src/github.com/a/b/test/x.test.js:10:3)',
      'npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.',
      '  ✓ renders the page (12 ms)',
    ];
    const read = (lines: string[]) => {
      const state: LinkState = {};
      const problems = new ProblemCollector();
      lines.forEach((l, i) => {
        findPathRefs(l, state);
        problems.addLine(i, l);
      });
    };
    const lineLen = 4000;
    const count = (16 * MB) / lineLen;
    const crafted = Object.values(CRAFTED);
    const hostile = Array.from({ length: count }, (_, i) => crafted[i % crafted.length](lineLen));
    const normal = Array.from({ length: count }, (_, i) => {
      let l = '';
      while (l.length < lineLen) l += `${ordinary[(i + l.length) % ordinary.length]} `;
      return l.slice(0, lineLen);
    });
    read(normal.slice(0, 200));
    const normalMs = ms(() => read(normal));
    const hostileMs = ms(() => read(hostile));
    t.diagnostic(`crafted ${hostileMs.toFixed(0)} ms, ordinary ${normalMs.toFixed(0)} ms`);
    assert.ok(
      hostileMs < 3 * normalMs + 1500,
      `crafted ${hostileMs.toFixed(0)} ms, ordinary ${normalMs.toFixed(0)} ms`,
    );
  });
});

describe('ESLint blocks', () => {
  it('a finding counts only right after its file header or another finding', () => {
    const problems = extractProblems([
      '/codebuild/output/src1/src/app/a.js',
      '  1:2  error  first  no-undef',
      'some other output',
      '  3:4  error  not ESLint any more  no-undef',
      '/codebuild/output/src1/src/app/b.js',
      '  5:6  warning  second',
    ]).map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`);
    assert.deepEqual(problems, ['app/a.js:1:2 first (no-undef)', 'app/b.js:5:6 second']);
    const state: LinkState = {};
    findPathRefs('/codebuild/output/src1/src/app/a.js', state);
    assert.equal(findPathRefs('other output', state).length, 0);
    assert.deepEqual(findPathRefs('  1:2  error  x', state), [], 'the block ended');
  });

  it('no finding without a header, however it looks', () => {
    assert.deepEqual(extractProblems(['  12:9  error  looks like ESLint  no-undef']), []);
    assert.deepEqual(findPathRefs('  12:9  error  looks like ESLint  no-undef'), []);
  });
});
