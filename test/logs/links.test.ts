/** path:line references in tool output, mapped from CodeBuild's checkout to the workspace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPathRefs, toWorkspacePath, type LinkState } from '../../client/src/logs/links';

const SRC = '/codebuild/output/src123/src/github.com/acme/web';

/** Each reference as `underlined text -> path:line:col`. */
function refs(text: string, state?: LinkState, sourceDir?: string): string[] {
  return findPathRefs(text, state, sourceDir).map(
    (r) =>
      `${text.slice(r.start, r.end)} -> ${r.path}:${r.line}${r.column === undefined ? '' : `:${r.column}`}`,
  );
}

describe('path mapping', () => {
  it('cuts CodeBuild source dirs up to the repository root', () => {
    assert.equal(toWorkspacePath(`${SRC}/src/x.ts`), 'src/x.ts');
    assert.equal(toWorkspacePath('/codebuild/output/src9/src/bitbucket.org/o/r/a/b.py'), 'a/b.py');
    assert.equal(
      toWorkspacePath(
        '/codebuild/output/src9/src/git-codecommit.eu-west-1.amazonaws.com/v1/repos/app/lib/m.go',
      ),
      'lib/m.go',
    );
    assert.equal(
      toWorkspacePath('/codebuild/output/src77/src/app/server.mjs'),
      'app/server.mjs',
      'S3 source',
    );
    assert.equal(toWorkspacePath('$CODEBUILD_SRC_DIR/a/b.ts'), 'a/b.ts');
    assert.equal(toWorkspacePath(`file://${SRC}/t/a.test.mjs`), 't/a.test.mjs');
    assert.equal(
      toWorkspacePath('/custom/dir/pkg/a.ts', '/custom/dir'),
      'pkg/a.ts',
      'the log’s own CODEBUILD_SRC_DIR',
    );
    assert.equal(toWorkspacePath('./src/a.ts'), 'src/a.ts');
  });

  it('leaves out what is not in the checkout', () => {
    assert.equal(toWorkspacePath('/usr/lib/node_modules/npm/index.js'), undefined);
    assert.equal(toWorkspacePath('node:internal/modules/cjs/loader'), undefined);
    assert.equal(toWorkspacePath('../outside.ts'), undefined);
  });
});

describe('path:line links', () => {
  it('tsc', () => {
    assert.deepEqual(refs("src/a.ts(12,5): error TS2322: Type 'x' is not assignable"), [
      'src/a.ts(12,5) -> src/a.ts:12:5',
    ]);
  });

  it('gcc, clang, go, rustc and shellcheck', () => {
    assert.deepEqual(refs('main.c:3:10: error: expected ;'), ['main.c:3:10 -> main.c:3:10']);
    assert.deepEqual(refs(`${SRC}/pkg/x.go:41:2: undefined: foo`), [`${SRC}/pkg/x.go:41:2 -> pkg/x.go:41:2`]);
    assert.deepEqual(refs('  --> src/main.rs:7:13'), ['src/main.rs:7:13 -> src/main.rs:7:13']);
    assert.deepEqual(refs('scripts/run.sh:5:8: warning: Double quote [SC2086]'), [
      'scripts/run.sh:5:8 -> scripts/run.sh:5:8',
    ]);
  });

  it('ESLint stylish: the header is the file, each finding links its line:col', () => {
    const state: LinkState = {};
    assert.deepEqual(refs(`${SRC}/app/server.mjs`, state), [`${SRC}/app/server.mjs -> app/server.mjs:1`]);
    assert.deepEqual(
      refs("  12:9  error  'port' is assigned a value but never used  no-unused-vars", state),
      ['12:9 -> app/server.mjs:12:9'],
    );
    assert.deepEqual(refs('', state), []);
    assert.deepEqual(refs('  3:1  error  again', state), [], 'a blank line ends the block');
  });

  it('Node, Jest and Mocha stack frames', () => {
    assert.deepEqual(refs(`    at Object.<anonymous> (${SRC}/src/x.test.ts:10:3)`), [
      `${SRC}/src/x.test.ts:10:3 -> src/x.test.ts:10:3`,
    ]);
    assert.deepEqual(refs(`    at file://${SRC}/app/a.mjs:4:11`), [
      `file://${SRC}/app/a.mjs:4:11 -> app/a.mjs:4:11`,
    ]);
    assert.deepEqual(refs('    at Module._compile (node:internal/modules/cjs/loader:1256:14)'), []);
  });

  it('Python tracebacks and javac/Maven', () => {
    assert.deepEqual(refs(`  File "${SRC}/app/main.py", line 42, in handler`), [
      `${SRC}/app/main.py", line 42 -> app/main.py:42`,
    ]);
    assert.deepEqual(refs(`[ERROR] ${SRC}/src/main/java/App.java:[12,5] cannot find symbol`), [
      `${SRC}/src/main/java/App.java:[12,5] -> src/main/java/App.java:12:5`,
    ]);
  });

  it('no links in URLs, times and version numbers', () => {
    assert.deepEqual(refs('curl -fsS http://localhost:8080/healthz at 10:20:30'), []);
    assert.deepEqual(refs('node v20.11.1 npm 10.2.4'), []);
    assert.deepEqual(refs('[Container] 2024/01/12 10:20:30.123456 Entering phase BUILD'), []);
  });
});
