// What a user sees in buildspec files: completion, hover, diagnostics, quick fixes and the language
// status item, all answered by the real language server through the real client.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api,
  applyCodeAction,
  closeAllEditors,
  codeOf,
  completionLabels,
  hoverText,
  openExample,
  openScratch,
  positionOf,
  quickFixes,
  waitFor,
  waitForDiagnostic,
} from './helpers';

/** A misspelt phase name (`pre-build`): CodeBuild rejects it ("Invalid buildspec phase name"). */
const UNKNOWN_KEY = /^unknown-phase$/;

const MISTAKES = `version: 0.2
phases:
  install:
    runtime-versions:
      python: 3.10
  pre-build:
    commands:
      - echo hello
`;

export function registerBuildspecTests(): void {
  suite('buildspec', () => {
    suiteSetup(async () => {
      await (await api()).whenServerRunning();
    });
    teardown(closeAllEditors);

    test('completion under phases offers the phase names', async () => {
      const editor = await openScratch('buildspec.yml', 'version: 0.2\nphases:\n  bu');
      const doc = editor.document;
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const labels = await waitFor('completion to offer "build"', async () => {
        const l = await completionLabels(doc.uri, end);
        return l.includes('build') ? l : undefined;
      });
      for (const phase of ['install', 'pre_build', 'post_build']) {
        assert.ok(labels.includes(phase), `"${phase}" missing from: ${labels.join(', ')}`);
      }
    });

    test('hover on phases explains it', async () => {
      const editor = await openExample('buildspec.yml');
      const doc = editor.document;
      const at = positionOf(doc, '\nphases:').translate(0, -3);
      const text = await waitFor('a hover on "phases"', async () => {
        const t = await hoverText(doc.uri, at);
        return t.includes('phases') ? t : undefined;
      });
      assert.match(text, /phases/);
    });

    test('the sample buildspec has no errors', async () => {
      const editor = await openExample('buildspec.yml');
      const a = await api();
      // The status notification proves the server has looked at the file.
      await waitFor('a document status for buildspec.yml', () =>
        a.getDocumentStatus(editor.document.uri.toString()),
      );
      const errors = vscode.languages
        .getDiagnostics(editor.document.uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(
        errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
      );
    });

    test('a misspelt phase is reported with source buildspec and code unknown-key (or unknown-phase)', async () => {
      const editor = await openExample('mistakes/buildspec.yml');
      const d = await waitForDiagnostic(
        editor.document.uri,
        (x) => UNKNOWN_KEY.test(codeOf(x) ?? '') && x.message.includes('pre_build'),
        'unknown-key for pre-build',
      );
      assert.equal(d.source, 'buildspec');
      assert.equal(editor.document.getText(d.range), 'pre-build');
    });

    test('the commands are read as shell: an unclosed quote is reported where it opens', async () => {
      const text = 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "unclosed\n';
      const editor = await openScratch('buildspec.yml', text);
      const d = await waitForDiagnostic(
        editor.document.uri,
        (x) => codeOf(x) === 'shell-syntax',
        'shell-syntax for the unclosed quote',
      );
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(d.message, /closing quote/);
    });

    test("quick fix Change to 'pre_build' fixes the phase name", async () => {
      const editor = await openScratch('buildspec.yml', MISTAKES);
      const uri = editor.document.uri;
      const d = await waitForDiagnostic(uri, (x) => UNKNOWN_KEY.test(codeOf(x) ?? ''), 'unknown-key');
      const fixes = await quickFixes(uri, d);
      const fix = fixes.find((a) => a.title === "Change to 'pre_build'");
      assert.ok(fix, `offered: ${fixes.map((a) => a.title).join(' | ')}`);
      await applyCodeAction(fix);
      assert.match(editor.document.getText(), /^ {2}pre_build:$/m);
      await waitFor('the unknown-key diagnostic to go away', () =>
        vscode.languages.getDiagnostics(uri).some((x) => UNKNOWN_KEY.test(codeOf(x) ?? ''))
          ? undefined
          : true,
      );
    });

    test("quick fix Quote '3.10' keeps the Python version a string", async () => {
      const editor = await openScratch('buildspec.yml', MISTAKES);
      const uri = editor.document.uri;
      const d = await waitForDiagnostic(uri, (x) => codeOf(x) === 'float-version', 'float-version');
      assert.equal(d.source, 'buildspec');
      const fix = (await quickFixes(uri, d)).find((a) => a.title === "Quote '3.10'");
      assert.ok(fix, 'no quick fix titled "Quote \'3.10\'"');
      await applyCodeAction(fix);
      assert.match(editor.document.getText(), /python: (["'])3\.10\1/);
      await waitFor('the float-version diagnostic to go away', () =>
        vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'float-version') ? undefined : true,
      );
    });

    test('the language status item names the buildspec version', async () => {
      const editor = await openExample('buildspec.yml');
      const a = await api();
      const status = await waitFor('a document status for buildspec.yml', () =>
        a.getDocumentStatus(editor.document.uri.toString()),
      );
      assert.match(status.label, /buildspec/i);
      assert.match(status.label, /0\.2/);
      await waitFor('the status item to show the label', () =>
        a.languageStatus().text === status.label ? true : undefined,
      );
    });
  });
}
