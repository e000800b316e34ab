/**
 * Runner projects (CodeBuild-hosted GitHub Actions and Buildkite runners): CodeBuild runs the runner in
 * the BUILD phase, so a buildspec that says it is a runner's gets a warning for build-phase commands, and
 * the hover of `build` says so for every buildspec (docs/knowledge.md, "Runner projects").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { caret, doc } from '../support/docs';

const service = new LanguageService();

function lint(text: string): string[] {
  return service
    .validate(doc('buildspec.yml', text))
    .map((d) => `${d.range.start.line + 1}:${String(d.code)}/${String(d.severity)}: ${d.message as string}`);
}

const PHASES =
  'version: 0.2\nphases:\n  pre_build:\n    commands:\n      - echo before\n  build:\n    commands:\n      - npm test\n';

describe('runner projects', () => {
  it('warn on build-phase commands of a buildspec marked as a runner`s', () => {
    assert.deepEqual(lint(`# codebuild-runner: github-actions\n${PHASES}`), [
      '7:runner-build-phase/2: The build phase does not run in a GitHub Actions runner project: the runner runs in that phase; move these commands to pre_build or post_build',
    ]);
    const buildkite =
      '# codebuild-runner: Buildkite\nversion: 0.2\nphases:\n  build:\n    finally:\n      - echo done\n';
    assert.deepEqual(lint(buildkite), [
      '4:runner-build-phase/2: The build phase does not run in a Buildkite runner project: the runner runs in that phase; move these commands to pre_build or post_build',
    ]);
  });

  it('say nothing about an unmarked buildspec, an unknown runner name, or a runner buildspec without build commands', () => {
    assert.deepEqual(lint(PHASES), []);
    assert.deepEqual(lint(`# codebuild-runner: jenkins\n${PHASES}`), []);
    const noBuild =
      '# codebuild-runner: buildkite\nversion: 0.2\nenv:\n  git-credential-helper: yes\nphases:\n  pre_build:\n    commands:\n      - echo "Hello World"\n';
    assert.deepEqual(lint(noBuild), []);
  });

  it('explain on hover of `build` that a runner takes the phase', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nphases:\n  bui^ld:\n    commands:\n      - make\n',
    );
    const h: Hover | null = service.hover(d, position);
    const md = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(md, /GitHub Actions or Buildkite runner project these commands are not run/);
    assert.match(md, /# codebuild-runner: github-actions/);
  });
});
