/** A failed build's errors as Problems entries: file, line, column, severity, message and tool. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractProblems, type LogProblem } from '../../client/src/logs/problems';

const SRC = '/codebuild/output/src123/src/github.com/acme/web';

function show(p: LogProblem): string {
  return `${p.source} ${p.severity} ${p.file}:${p.line}:${p.column} ${p.message}`;
}

describe('problems from build output', () => {
  it('reads the common compiler formats', () => {
    const problems = extractProblems([
      "src/a.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      `${SRC}/main.c:3:10: fatal error: stdio.h: No such file`,
      'scripts/x.sh:5:8: note: Double quote to prevent globbing. [SC2086]',
      'pkg/x.go:41:2: warning: unused',
      'error[E0425]: cannot find value `x` in this scope',
      '  --> src/main.rs:7:13',
      `[ERROR] ${SRC}/src/main/java/App.java:[12,5] cannot find symbol`,
      `[WARNING] ${SRC}/src/main/java/App.java:[3,1] deprecated`,
    ]).map(show);
    assert.deepEqual(problems, [
      "tsc error src/a.ts:12:5 Type 'string' is not assignable to type 'number'. (TS2322)",
      'gcc error main.c:3:10 stdio.h: No such file',
      'gcc info scripts/x.sh:5:8 Double quote to prevent globbing. [SC2086]',
      'gcc warning pkg/x.go:41:2 unused',
      'rustc error src/main.rs:7:13 cannot find value `x` in this scope (E0425)',
      'javac error src/main/java/App.java:12:5 cannot find symbol',
      'javac warning src/main/java/App.java:3:1 deprecated',
    ]);
  });

  it('reads ESLint stylish blocks', () => {
    const problems = extractProblems([
      `${SRC}/app/server.mjs`,
      "  12:9  error    'port' is assigned a value but never used  no-unused-vars",
      '  20:1  warning  Unexpected console statement               no-console',
      '',
      '✖ 2 problems (1 error, 1 warning)',
    ]).map(show);
    assert.deepEqual(problems, [
      "eslint error app/server.mjs:12:9 'port' is assigned a value but never used (no-unused-vars)",
      'eslint warning app/server.mjs:20:1 Unexpected console statement (no-console)',
    ]);
  });

  it('points a Python traceback at its innermost frame in the checkout', () => {
    const problems = extractProblems([
      'Traceback (most recent call last):',
      `  File "${SRC}/app/main.py", line 10, in <module>`,
      '    run()',
      `  File "${SRC}/app/util.py", line 3, in run`,
      '    raise ValueError("bad")',
      '  File "/usr/lib/python3.12/x.py", line 9, in f',
      'ValueError: bad',
    ]).map(show);
    assert.deepEqual(problems, ['python error app/util.py:3:1 ValueError: bad']);
  });

  it('points a failed test at the first frame of the workspace, not at dependencies', () => {
    const problems = extractProblems([
      'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
      `    at Object.run (${SRC}/node_modules/lib/index.js:1:1)`,
      `    at TestContext.<anonymous> (file://${SRC}/app/server.test.mjs:14:10)`,
      `    at Test.run (${SRC}/app/other.mjs:1:1)`,
    ]).map(show);
    assert.deepEqual(problems, [
      'test error app/server.test.mjs:14:10 AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
    ]);
  });

  it('uses the build’s own source dir and reports a finding once', () => {
    const problems = extractProblems(
      [
        '/work/x/src/a.ts(1,2): error TS1005: x',
        '/work/x/src/a.ts(1,2): error TS1005: x',
        'random text: 1:2',
      ],
      '/work/x',
    ).map(show);
    assert.deepEqual(problems, ['tsc error src/a.ts:1:2 x (TS1005)']);
  });
});
