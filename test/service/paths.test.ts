/** Paths a document names: links and existence checks stay inside the file's root. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { existsInside, fileExistsInside } from '../../server/src/probe';
import { LanguageService } from '../../server/src/service/index';
import { leavesRoot, resolveUnder } from '../../server/src/service/paths';
import { doc } from '../support/docs';

const appspec = (location: string) =>
  `version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: ${JSON.stringify(location)}\n`;
const batch = (buildspec: string) =>
  `version: 0.2\nbatch:\n  build-graph:\n    - identifier: a\n      buildspec: ${JSON.stringify(buildspec)}\nphases:\n  build:\n    commands: [make]\n`;

describe('paths that leave the root', () => {
  const checked: string[] = [];
  const service = new LanguageService({
    fileExists: (uri) => {
      checked.push(uri);
      return false;
    },
    sourceRoot: () => 'file:///work/space/',
  });

  for (const location of [
    '../../etc/passwd',
    'scripts/../../x.sh',
    '..',
    '..\\..\\win.ini',
    '/../etc/passwd',
  ]) {
    it(`gets no link and no existence check: hook location ${location}`, () => {
      checked.length = 0;
      const d = doc('deploy/appspec.yml', appspec(location));
      assert.deepEqual(service.links(d), []);
      const found = service.validate(d).filter((x) => x.code === 'script-not-found');
      assert.deepEqual(found, []);
      assert.deepEqual(checked, [], 'the file system is not asked');
      assert.ok(leavesRoot(location.replace(/^\//, '')));
    });

    it(`gets no link: batch buildspec ${location}`, () => {
      assert.deepEqual(service.links(doc('ci/buildspec.yml', batch(location))), []);
    });
  }

  it('links and checks paths that stay inside, .. included', () => {
    checked.length = 0;
    const d = doc('deploy/appspec.yml', appspec('scripts/../bin/go.sh'));
    assert.deepEqual(
      service.links(d).map((l) => l.target),
      ['file:///work/space/deploy/bin/go.sh'],
    );
    assert.equal(service.validate(d).filter((x) => x.code === 'script-not-found').length, 1);
    assert.deepEqual(checked, ['file:///work/space/deploy/bin/go.sh']);
  });

  it('reads a leading / as the root of the revision or source', () => {
    assert.equal(resolveUnder('file:///w/deploy/', '/scripts/a.sh'), 'file:///w/deploy/scripts/a.sh');
    assert.deepEqual(
      service.links(doc('ci/buildspec.yml', batch('/ci/b.yml'))).map((l) => l.target),
      ['file:///work/space/ci/b.yml'],
    );
    assert.equal(resolveUnder('file:///w/', 'C:\\Windows\\x.sh'), undefined);
    assert.equal(resolveUnder('file:///w/', 'a/%2e%2e/%2e%2e/b'), 'file:///w/a/%252e%252e/%252e%252e/b');
  });
});

describe('the server existence check on disk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'probe-'));
  const root = path.join(dir, 'ws');
  const outside = path.join(dir, 'outside');
  mkdirSync(path.join(root, 'scripts'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(root, 'scripts', 'here.sh'), '');
  writeFileSync(path.join(outside, 'secret.sh'), '');
  symlinkSync(outside, path.join(root, 'out'));
  symlinkSync(path.join(root, 'scripts'), path.join(root, 'in'));
  symlinkSync('../out', path.join(root, 'scripts', 'chain'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers for files inside, through links that stay inside', () => {
    assert.equal(existsInside(path.join(root, 'scripts/here.sh'), root), true);
    assert.equal(existsInside(path.join(root, 'scripts/gone.sh'), root), false);
    assert.equal(existsInside(path.join(root, 'in/here.sh'), root), true);
  });

  it('does not look through a link that leads out, however it is chained', () => {
    assert.equal(existsInside(path.join(root, 'out/secret.sh'), root), undefined);
    assert.equal(existsInside(path.join(root, 'out/missing.sh'), root), undefined);
    assert.equal(existsInside(path.join(root, 'scripts/chain/secret.sh'), root), undefined);
    assert.equal(existsInside(path.join(root, 'in/chain/secret.sh'), root), undefined);
    // "Cannot tell" reports nothing: the same answer whether the outside file exists or not.
    const rootUri = pathToFileURL(root).toString() + '/';
    const u = (p: string) => pathToFileURL(path.join(root, p)).toString();
    assert.equal(fileExistsInside(u('out/secret.sh'), rootUri), true);
    assert.equal(fileExistsInside(u('out/missing.sh'), rootUri), true);
    assert.equal(fileExistsInside(u('scripts/gone.sh'), rootUri), false);
  });
});
