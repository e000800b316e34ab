/**
 * The real-world corpus (../shared/corpus, present in CI): no ERROR on files that ran on CodeBuild or
 * CodeDeploy, and each real mistake flagged at its line. Files are read in place, never copied.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { REPO } from '../support/docs';

const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');

/**
 * What each file the index marks with ISSUES must get, as `line:code` (checked by reading the file and
 * the references, not only the index's hint).
 */
const EXPECTED: Record<string, string[]> = {
  '028': ['112:empty-commands'],
  '029': ['51:empty-commands'],
  '050': ['4:unknown-key'],
  '053': ['4:unknown-key'],
  '055': ['4:unknown-key'],
  '057': ['4:unknown-key'],
  '058': ['4:unknown-key'],
  '082': ['50:missing-key'],
  '114': ['7:unknown-value'],
  '115': ['21:command-is-mapping'],
  '122': ['6:unknown-key'],
  '134': ['6:unknown-key'],
  '135': ['6:unknown-key'],
  '145': ['25:scalar-instead-of-list'],
  '153': ['24:unknown-key'],
  '179': ['22:empty-commands'],
  '184': ['3:unknown-key'],
  '215': ['9:duplicate-key', '12:duplicate-key'],
  '221': ['23:unknown-key'],
  '230': ['5:unknown-key'],
  '237': ['43:yaml-syntax'],
  '240': ['3:unknown-key'],
  '249': ['8:unknown-key'],
  '250': ['7:unknown-phase', '27:unknown-phase'],
  '254': ['6:unknown-value', '9:duplicate-key', '73:invalid-value'],
  '256': ['27:yaml-syntax'],
  '277': ['8:duplicate-key', '66:invalid-value'],
  '283': ['35:unknown-key'],
  'appspec/011': ['14:invalid-hook'],
  'appspec/027': ['23:invalid-hook'],
  'appspec/029': ['1:empty-file'],
  'appspec/031': ['1:missing-recommended-key'],
  'appspec/036': ['1:missing-recommended-key'],
  'appspec/039': ['2:nonstandard-version'],
  'appspec/040': ['12:nonstandard-version'],
  'appspec/043': ['2:nonstandard-version'],
  'appspec/050': ['2:nonstandard-version'],
  'appspec/053': ['7:ignored-key'],
  'appspec/055': ['1:empty-file'],
  'appspec/068': ['6:ignored-key'],
  'appspec/070': ['7:ignored-key'],
  'appspec/076': ['5:missing-recommended-key', '5:missing-key'],
  'appspec/077': ['2:nonstandard-version'],
  'appspec/081': ['1:nonstandard-version'],
  'appspec/094': ['1:missing-key'],
  'appspec/107': ['2:nonstandard-version'],
};

/** Errors on files the index does not mark, each a real mistake found by reading the file. */
const REAL_ERRORS_BEYOND_INDEX: Record<string, string[]> = {
  // build-graph task `depend-on: aggregate_e2e_reports`, but no task has that identifier.
  '058': ['142:batch-unknown-dependency'],
};

/**
 * Files kept under a buildspec or AppSpec name that are something else: no service reads them as ours,
 * so they must get no finding at all.
 */
const NOT_OURS: Record<string, string> = {
  // A SAM template (AWSTemplateFormatVersion, Transform, typed Resources) saved as appspec.yaml.
  'appspec/069': 'an AWS SAM template',
};

/** Files with nothing but comments: only their name says what they are. */
const COMMENTS_ONLY = ['appspec/029', 'appspec/055'];

interface Row {
  readonly file: string;
  readonly repoPath: string;
  readonly issues: string;
}

function rows(): Row[] {
  return readFileSync(path.join(CORPUS, 'INDEX.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([file, , repoPath, , features]) => ({
      file: file,
      repoPath: repoPath,
      issues: features.split('ISSUES:')[1]?.split('|')[0]?.trim() ?? '',
    }));
}

function keyOf(file: string): string {
  const [dir, name] = file.split('/');
  const n = name.slice(0, 3);
  return dir === 'appspec' ? `appspec/${n}` : n;
}

function lint(row: Row): Diagnostic[] {
  const text = readFileSync(path.join(CORPUS, row.file), 'utf8');
  // The repository path gives the file its real name, as in the user's workspace.
  const doc = TextDocument.create(`file:///repo/${row.repoPath}`, 'yaml', 1, text);
  return new LanguageService().validate(doc);
}

const at = (d: Diagnostic) => `${d.range.start.line + 1}:${String(d.code)}`;

describe('real-world corpus', { skip: !existsSync(CORPUS) && `corpus not found at ${CORPUS}` }, () => {
  if (!existsSync(CORPUS)) {
    console.log(`# corpus tests skipped: ${CORPUS} is absent (CI has it)`);
    return;
  }
  const all = rows();

  it('has files to check', () => assert.ok(all.length > 200, `only ${all.length} files`));

  it('reports no error on files that ran, beyond the real mistakes listed', () => {
    const wrong: string[] = [];
    for (const row of all.filter((r) => !r.issues)) {
      const errors = lint(row)
        .filter((d) => d.severity === DiagnosticSeverity.Error)
        .map(at);
      const allowed = REAL_ERRORS_BEYOND_INDEX[keyOf(row.file)] ?? [];
      for (const e of errors) if (!allowed.includes(e)) wrong.push(`${row.file} ${e}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('flags each real mistake at its line', () => {
    const missed: string[] = [];
    for (const row of all.filter(
      (r) => (r.issues || REAL_ERRORS_BEYOND_INDEX[keyOf(r.file)]) && !NOT_OURS[keyOf(r.file)],
    )) {
      const got = new Set(lint(row).map(at));
      const want = [
        ...(EXPECTED[keyOf(row.file)] ?? []),
        ...(REAL_ERRORS_BEYOND_INDEX[keyOf(row.file)] ?? []),
      ];
      if (!want.length) missed.push(`${row.file}: no expectation written for "${row.issues}"`);
      for (const w of want)
        if (!got.has(w)) missed.push(`${row.file}: expected ${w}, got ${[...got].join(' ') || 'nothing'}`);
    }
    assert.deepEqual(missed, []);
  });

  it('finds every buildspec and AppSpec by its content alone, under a name that says nothing', () => {
    // What `lint DIR` does for a file in any folder under any name (codebuild/, golangBuildspec.yaml, …).
    const service = new LanguageService();
    const wrong = all.filter((row) => {
      const text = readFileSync(path.join(CORPUS, row.file), 'utf8');
      const doc = TextDocument.create(`file:///repo/some/file${path.extname(row.repoPath)}`, 'yaml', 1, text);
      const want =
        NOT_OURS[keyOf(row.file)] || COMMENTS_ONLY.includes(keyOf(row.file))
          ? 'unknown'
          : row.file.split('/')[0];
      return service.parse(doc).kind.type !== want;
    });
    assert.deepEqual(
      wrong.map((r) => r.file),
      [],
    );
  });

  it('finds every corpus file to be a buildspec or appspec, of the right family, or what it really is', () => {
    const service = new LanguageService();
    const wrong = all.filter((row) => {
      const doc = TextDocument.create(
        `file:///repo/${row.repoPath}`,
        'yaml',
        1,
        readFileSync(path.join(CORPUS, row.file), 'utf8'),
      );
      const kind = service.parse(doc).kind;
      const other = NOT_OURS[keyOf(row.file)];
      if (other) return kind.type !== 'unknown' || kind.other !== other || service.validate(doc).length > 0;
      return kind.type !== row.file.split('/')[0];
    });
    assert.deepEqual(
      wrong.map((r) => r.file),
      [],
    );
  });
});
