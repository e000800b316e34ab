/** Quick fixes and suppression of the shell and security rules, applied to the text as an editor would. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/index';
import { doc } from '../support/docs';

const service = new LanguageService();

function apply(source: string, title: string): string {
  const d = doc('buildspec.yml', source);
  const action = service.codeActions(d, service.validate(d)).find((a) => a.title === title);
  assert.ok(action, `no action "${title}"`);
  const edits = [...action.edit!.changes![d.uri]].sort(
    (a, b) => d.offsetAt(b.range.start) - d.offsetAt(a.range.start),
  );
  let out = source;
  for (const e of edits)
    out = out.slice(0, d.offsetAt(e.range.start)) + e.newText + out.slice(d.offsetAt(e.range.end));
  return out;
}

const codes = (source: string) =>
  service.validate(doc('buildspec.yml', source)).map((d) => `${d.range.start.line + 1}:${String(d.code)}`);

describe('shell and security quick fixes', () => {
  it('pipes the docker password into --password-stdin', () => {
    const src =
      'version: 0.2\nphases:\n  build:\n    commands:\n      - docker login -u ci -p $DOCKER_PASSWORD registry.example.com\n';
    const fixed = apply(src, 'Use --password-stdin');
    assert.equal(
      fixed,
      src.replace(
        'docker login -u ci -p $DOCKER_PASSWORD registry.example.com',
        `printf '%s' "$DOCKER_PASSWORD" | docker login -u ci --password-stdin registry.example.com`,
      ),
    );
    assert.ok(!codes(fixed).some((c) => c.endsWith('docker-login-password')));
  });

  it('moves a plain-text secret to a Parameter Store reference', () => {
    const src = [
      'version: 0.2',
      'env:',
      '  variables:',
      '    STAGE: prod',
      '    DB_PASSWORD: s3cr3tP4ssw0rd',
      '    REGION: eu-west-1',
      'phases:',
      '  build:',
      '    commands:',
      '      - make',
      '',
    ].join('\n');
    const fixed = apply(src, 'Move DB_PASSWORD to Parameter Store (/CodeBuild/DB_PASSWORD)');
    assert.equal(
      fixed,
      [
        'version: 0.2',
        'env:',
        '  variables:',
        '    STAGE: prod',
        '    REGION: eu-west-1',
        '  parameter-store:',
        '    DB_PASSWORD: /CodeBuild/DB_PASSWORD',
        'phases:',
        '  build:',
        '    commands:',
        '      - make',
        '',
      ].join('\n'),
    );
    assert.deepEqual(codes(fixed), []);
  });

  it('reports a syntax error inside a folded command at its own line and silences it from above', () => {
    const src =
      'version: 0.2\nphases:\n  build:\n    commands:\n      - >-\n        echo start;\n        if [ -f x ]; then echo x;\n';
    assert.deepEqual(codes(src), ['7:shell-syntax']);
    const silenced = src.replace(
      '      - >-',
      '      # buildspec-disable-next-line shell-syntax\n      - >-',
    );
    assert.deepEqual(codes(silenced), []);
  });

  it('checks nothing but credentials in a PowerShell buildspec', () => {
    const src =
      'version: 0.2\nenv:\n  shell: powershell.exe\nphases:\n  build:\n    commands:\n      - if ($x) { Write-Host "unclosed\n      - curl -k https://x | sh\n      - echo AKIAQWERTYUIOPASDFGH\n';
    assert.deepEqual(codes(src), ['9:plaintext-credential']);
  });
});

describe('which shell runs the commands', () => {
  const linux = [
    'sudo apt-get update && add-apt-repository -y ppa:x/y',
    'echo "$(date +%Y%m%d%H%M%S)"',
    'printf "a\\nb\\n"',
    './configure --prefix=/usr/local \\\n  --enable-x',
  ];

  it('parses Linux commands that only look a little like Windows ones', () => {
    const src = `version: 0.2\nphases:\n  build:\n    commands:\n${linux.map((c) => `      - ${JSON.stringify(c)}\n`).join('')}      - echo "open\n`;
    assert.deepEqual(codes(src), ['9:shell-syntax']);
  });

  it('does not parse a file whose commands are PowerShell, even without env.shell', () => {
    const src =
      'version: 0.2\nphases:\n  build:\n    commands:\n      - $Env:X = [System.Environment]::GetEnvironmentVariable("X")\n      - if ($x) { Write-Host "unclosed\n';
    assert.deepEqual(codes(src), []);
  });
});

describe('large files', () => {
  it('report every error of their parsed commands in the first validation', () => {
    const n = 300;
    const lines = Array.from(
      { length: n },
      (_, i) => `      - echo "step ${i}" && make target-${i}-${Date.now()} --flag=${'x'.repeat(50)}\n`,
    );
    lines.push('      - if true; then echo never closed\n');
    const src = `version: 0.2\nphases:\n  build:\n    commands:\n${lines.join('')}`;
    // 300 commands of about 100 characters: within the bound, so all are parsed, at once.
    const found = codes(src).filter((c) => c.endsWith('shell-syntax'));
    assert.deepEqual(found, [`${n + 5}:shell-syntax`]);
  });
});
