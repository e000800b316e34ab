// AppSpec files (EC2, ECS, Lambda) as the user sees them: the server serves them, names their kind in
// the language status item and tags its diagnostics with source appspec.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api,
  closeAllEditors,
  completionLabels,
  openExample,
  openScratch,
  waitFor,
  waitForDiagnostic,
} from './helpers';

export function registerAppspecTests(): void {
  suite('appspec', () => {
    suiteSetup(async () => {
      await (await api()).whenServerRunning();
    });
    teardown(closeAllEditors);

    const kinds: [string, RegExp][] = [
      ['appspec.yml', /EC2|on-premises|server/i],
      ['ecs/appspec.yaml', /ECS/],
      ['lambda/appspec.yml', /Lambda/],
    ];
    for (const [file, kind] of kinds) {
      test(`status item names the kind of ${file}`, async () => {
        const editor = await openExample(file);
        const a = await api();
        const status = await waitFor(`a document status for ${file}`, () =>
          a.getDocumentStatus(editor.document.uri.toString()),
        );
        assert.match(status.label, /appspec/i);
        assert.match(status.label, kind);
        const errors = vscode.languages
          .getDiagnostics(editor.document.uri)
          .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.deepEqual(
          errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
          [],
          `${file} is a valid sample`,
        );
      });
    }

    test('a broken appspec gets diagnostics with source appspec', async () => {
      const editor = await openScratch(
        'appspec.yml',
        'version: 0.0\nos: linux\nhooks:\n  BeforeInstal:\n    - location: x.sh\n',
      );
      const d = await waitForDiagnostic(editor.document.uri, (x) => x.source === 'appspec', 'from appspec');
      assert.ok(d.message.length > 0);
    });

    test('completion at the top level offers AppSpec keys', async () => {
      const editor = await openScratch('appspec.yml', 'version: 0.0\n');
      const end = new vscode.Position(1, 0);
      const labels = await waitFor('completion to offer "os"', async () => {
        const l = await completionLabels(editor.document.uri, end);
        return l.includes('os') || l.includes('Resources') ? l : undefined;
      });
      assert.ok(labels.length > 0);
    });

    test('appspec.json stays JSON and is served', async () => {
      const editor = await openScratch(
        'appspec.json',
        JSON.stringify(
          { version: 0.0, Resources: [{ Svc: { Type: 'AWS::ECS::Service', Properties: {} } }] },
          null,
          2,
        ),
      );
      assert.equal(editor.document.languageId, 'json');
      const a = await api();
      const status = await waitFor('a document status for appspec.json', () =>
        a.getDocumentStatus(editor.document.uri.toString()),
      );
      assert.match(status.label, /appspec/i);
    });
  });
}
