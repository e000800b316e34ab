/** Start Build's one-line environment variable overrides: what the user types, what CodeBuild gets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatOverrides, parseOverrides, rememberable } from '../../client/src/explorer/envOverrides';

function parsed(text: string) {
  const r = parseOverrides(text);
  assert.ok(r.ok, `unexpected error: ${r.ok ? '' : r.error}`);
  return r.value;
}

function error(text: string): string {
  const r = parseOverrides(text);
  assert.ok(!r.ok, `"${text}" should be refused`);
  return r.error;
}

describe('environment variable overrides', () => {
  it('reads plain, quoted and typed values', () => {
    assert.deepEqual(
      parsed(
        `NODE_ENV=test  GREETING="hello \\"world\\"" SINGLE='a b' EMPTY= TOKEN=parameter-store:/ci/token DB=secrets-manager:prod/db:password URL=https://x.example/?a=b`,
      ),
      [
        { name: 'NODE_ENV', value: 'test', type: 'PLAINTEXT' },
        { name: 'GREETING', value: 'hello "world"', type: 'PLAINTEXT' },
        { name: 'SINGLE', value: 'a b', type: 'PLAINTEXT' },
        { name: 'EMPTY', value: '', type: 'PLAINTEXT' },
        { name: 'TOKEN', value: '/ci/token', type: 'PARAMETER_STORE' },
        { name: 'DB', value: 'prod/db:password', type: 'SECRETS_MANAGER' },
        { name: 'URL', value: 'https://x.example/?a=b', type: 'PLAINTEXT' },
      ],
    );
    assert.deepEqual(parsed('   '), []);
  });

  it('says what is wrong with a bad line', () => {
    assert.match(error('FOO'), /Item 1 has no "="/);
    assert.match(error('A=1 oops B=2'), /Item 2 has no "="/);
    assert.match(error('1X=2'), /Item 1 is not NAME=value/);
    // A value typed with a stray space: the error does not repeat any of it.
    const leak = error('PASSWORD=hunter2 secretpart');
    assert.doesNotMatch(leak, /hunter2|secretpart/);
    assert.match(error('A="open'), /no closing "/);
    assert.match(error('A="x"y'), /space after the quoted value/);
    assert.match(error('A=1 A=2'), /A is given twice/);
    assert.match(error('CODEBUILD_X=1'), /reserved/);
  });

  it('remembers references to secrets, never plain values', () => {
    const vars = parsed('PLAIN=s3cr3t TOKEN=parameter-store:/ci/token DB=secrets-manager:prod/db');
    assert.equal(
      formatOverrides(rememberable(vars)),
      'TOKEN=parameter-store:/ci/token DB=secrets-manager:prod/db',
    );
  });

  it('formats overrides back into a line that parses to the same', () => {
    const vars = parsed(`A=1 B="two words" C=parameter-store:/p D="say \\"hi\\"" E=`);
    const line = formatOverrides(vars);
    assert.equal(line, 'A=1 B="two words" C=parameter-store:/p D="say \\"hi\\"" E=""');
    assert.deepEqual(parsed(line), vars);
  });
});
