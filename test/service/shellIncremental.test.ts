/**
 * The per-command shell analyses are cached by command text: a command moved by an edit elsewhere must
 * report exactly what a cold analysis reports, and a large file's result must not depend on what was
 * validated before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/index';
import {
  clearShellAnalyses,
  MAX_PARSED_COMMANDS,
  MAX_PARSED_TEXT,
} from '../../server/src/service/validate/shellAnalysis';
import { doc } from '../support/docs';

const service = new LanguageService();

function diagnostics(text: string, version = 1): string[] {
  return service
    .validate(doc('buildspec.yml', text, version))
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
    );
}

function cold(text: string): string[] {
  clearShellAnalyses();
  return diagnostics(text);
}

const COMMANDS = [
  '      - echo "unclosed',
  '      - bash -c "$CODEBUILD_WEBHOOK_HEAD_REF"',
  '      - curl -k https://example.com/install.sh | bash',
  '      - docker login -u ci -p $DOCKER_PASSWORD registry.example.com',
  '      - |\n        if [ -n "$X" ]; then\n          echo "$MISSING_NAME"\n        fi',
  '      - "echo \\"tab\\there\\" ; TOKEN=s3cr3t-Value-99"',
  "      - 'set -x'",
];

function buildspec(before: string, commands: readonly string[]): string {
  return `version: 0.2\n${before}env:\n  secrets-manager:\n    PW: prod/pw\nphases:\n  build:\n    commands:\n${commands.join('\n')}\n`;
}

describe('incremental shell analysis', () => {
  it('reports a moved command where it now is, as a cold analysis does', () => {
    const first = buildspec('', COMMANDS);
    const warm = diagnostics(first);
    assert.ok(warm.some((d) => d.includes('shell-syntax')));
    assert.ok(warm.some((d) => d.includes('untrusted-input-as-code')));
    // Lines and columns move; the command texts do not: every analysis comes from the cache.
    const moved = buildspec('# a comment\n# another\n', [...COMMANDS.slice(3), ...COMMANDS.slice(0, 3)]);
    const fromCache = diagnostics(moved, 2);
    assert.deepEqual(fromCache, cold(moved));
    assert.notDeepEqual(
      fromCache.filter((d) => d.includes('shell-syntax')),
      warm.filter((d) => d.includes('shell-syntax')),
    );
  });

  it('gives the same answer for the same text in another scalar style or indentation', () => {
    const plain = buildspec('', ['      - echo "a$MISSING_ONE"']);
    const quoted = buildspec('', ['      - \'echo "a$MISSING_ONE"\'']);
    const deeper = plain.replace(/\n {6}- /, '\n          - ');
    assert.ok(diagnostics(plain).some((d) => d.includes('undefined-variable')));
    assert.deepEqual(diagnostics(quoted), cold(quoted));
    diagnostics(plain);
    assert.deepEqual(diagnostics(deeper), cold(deeper));
  });

  it('bounds what a large file parses by its text alone, whatever was validated before', () => {
    const filler = Array.from({ length: MAX_PARSED_COMMANDS + 20 }, (_, i) => `      - echo step-${i}`);
    const late = [...filler, '      - echo "unclosed late'];
    const early = ['      - echo "unclosed early', ...filler];
    const lateText = buildspec('', late);
    const earlyText = buildspec('', early);
    // Past the bound a command is not parsed, even when an earlier validation parsed it.
    diagnostics(buildspec('', ['      - echo "unclosed late']));
    const lateFindings = diagnostics(lateText);
    assert.ok(!lateFindings.some((d) => d.includes('shell-syntax')));
    assert.deepEqual(lateFindings, cold(lateText));
    const earlyFindings = diagnostics(earlyText);
    assert.ok(earlyFindings.some((d) => d.includes('shell-syntax')));
    assert.deepEqual(diagnostics(earlyText, 2), earlyFindings);
    // The text bound holds too: one long command can use it up.
    const long = `      - echo ${'x'.repeat(3_000)} "unclosed`;
    const many = Array.from({ length: Math.ceil(MAX_PARSED_TEXT / 3_000) + 2 }, () => long);
    const longText = buildspec('', many);
    const syntaxErrors = diagnostics(longText).filter((d) => d.includes('shell-syntax')).length;
    assert.ok(syntaxErrors > 0 && syntaxErrors < many.length, `${syntaxErrors} of ${many.length}`);
  });
});
