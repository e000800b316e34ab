/** Which arguments a command takes: only elements the extension made, options only from unattended callers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  callOptions,
  INTERACTIVE,
  isCreated,
  markCreated,
  nameArgument,
  resolveConnection,
  resolveElement,
} from '../../client/src/explorer/commandArgs';

const UNATTENDED = { unattended: true };

describe('command arguments', () => {
  const real = markCreated({ kind: 'build', id: 'view/default@us-east-1/p/p:1' });
  const byId = (id: string) => (id === real.id ? real : undefined);

  it('resolves an element the extension made, by identity or by id', () => {
    assert.equal(resolveElement(real, byId), real);
    assert.equal(resolveElement(real.id, byId), real);
    assert.ok(isCreated(real));
  });

  it('treats a look-alike object as no element, even with the id of a real one', () => {
    const lookAlike = { ...real, build: { id: 'p:evil', complete: false } };
    assert.equal(resolveElement(lookAlike, byId), undefined);
    assert.equal(isCreated(lookAlike), false);
    assert.equal(resolveElement({ kind: 'action', action: { approvalToken: 't' } }, byId), undefined);
  });

  it('treats unknown ids, huge strings and other values as no element', () => {
    assert.equal(resolveElement('view/nothing', byId), undefined);
    assert.equal(resolveElement('x'.repeat(100_000), byId), undefined);
    for (const v of [undefined, null, 42, true, [real], () => real])
      assert.equal(resolveElement(v, byId), undefined, typeof v);
  });

  it('takes options only from an unattended caller', () => {
    const opts = { confirm: false, comment: 'ok' };
    assert.deepEqual(callOptions(INTERACTIVE, opts), {});
    assert.deepEqual(callOptions(UNATTENDED, opts), opts);
    assert.deepEqual(callOptions(UNATTENDED, undefined), {});
    assert.deepEqual(callOptions(UNATTENDED, 'confirm=false'), {});
    assert.deepEqual(callOptions(UNATTENDED, [false]), {});
  });

  it('takes a bare name only from an unattended caller', () => {
    assert.equal(nameArgument(INTERACTIVE, 'project-0'), undefined);
    assert.equal(nameArgument(UNATTENDED, 'project-0'), 'project-0');
    assert.equal(nameArgument(UNATTENDED, ''), undefined);
    assert.equal(nameArgument(UNATTENDED, { name: 'project-0' }), undefined);
  });

  it('resolves a connection only to one that is configured', () => {
    const configured = [
      { profile: 'default', region: 'us-east-1' },
      { profile: 'dev', region: 'eu-west-1' },
    ];
    assert.equal(resolveConnection({ profile: 'dev', region: 'eu-west-1' }, configured), configured[1]);
    assert.equal(resolveConnection({ profile: 'dev', region: 'us-east-1' }, configured), undefined);
    assert.equal(resolveConnection({ profile: 'prod', region: 'eu-west-1' }, configured), undefined);
    assert.equal(resolveConnection('dev', configured), undefined);
    assert.equal(resolveConnection(undefined, configured), undefined);
  });
});
