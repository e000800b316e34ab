/**
 * `lint`: finds buildspecs and AppSpecs by their content, checks them, prints what it found and what it
 * skipped, and says through its exit code whether CI should fail.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { typeFromName } from '../service/fileKind';
import { LanguageService, RULES, type RuleSetting } from '../service/index';
import { displayPath, escapeControls } from './escape';
import { discover, EXCLUDED, readCapped, type Skip } from './files';
import { toJson, toText, type Report } from './report';
import { toSarif } from './sarif';

export class UsageError extends Error {}

export const LINT_USAGE = `  aws-cicd-lint [lint] [--format text|json|sarif] [--rule CODE=SEVERITY]... [--image IMAGE]
                [--include GLOB]... [--exclude GLOB]... [--verbose] [--allow-none] FILE|DIR...
      Lints buildspec and AppSpec files. Folders are searched for them by content, whatever their names;
      --include and --exclude filter the files found in folders by their path in the folder (for example
      --exclude 'test/**'). Files that are something else (CloudFormation templates, workflows) are
      skipped and counted; --verbose lists each. Exit 1 when an error is found, 2 when a file could not
      be read or no buildspec or AppSpec was found (with --allow-none, for hooks that pass every changed
      file: 0). SEVERITY is error, warning, information, hint or off.`;

interface LintOptions {
  format: 'text' | 'json' | 'sarif';
  image: string;
  rules: Record<string, RuleSetting>;
  include: string[];
  exclude: string[];
  verbose: boolean;
  allowNone: boolean;
  inputs: string[];
}

function parseArgs(args: readonly string[]): LintOptions {
  const o: LintOptions = {
    format: 'text',
    image: '',
    rules: {},
    include: [],
    exclude: [],
    verbose: false,
    allowNone: false,
    inputs: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif')
        throw new UsageError(`Unknown format: ${escapeControls(f)}`);
      o.format = f;
    } else if (flag === '--image') o.image = value();
    else if (flag === '--include') o.include.push(value());
    else if (flag === '--exclude') o.exclude.push(value());
    else if (flag === '--verbose') o.verbose = true;
    else if (flag === '--allow-none') o.allowNone = true;
    else if (flag === '--rule') {
      const [code, sev] = value().split('=');
      if (!code || !(code in RULES)) throw new UsageError(`Unknown rule: ${escapeControls(code ?? '')}`);
      if (!['error', 'warning', 'information', 'hint', 'off'].includes(sev ?? ''))
        throw new UsageError(`Unknown severity: ${escapeControls(sev ?? '')}`);
      o.rules[code] = sev as RuleSetting;
    } else if (a === '--') {
      o.inputs.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-')) throw new UsageError(`Unknown option: ${escapeControls(a)}`);
    else o.inputs.push(a);
  }
  if (!o.inputs.length) throw new UsageError('No files given');
  return o;
}

/**
 * One line for the files of folders that are something else: "Skipped 7 YAML and JSON files that are not
 * buildspecs or AppSpecs: 3 CloudFormation templates, 1 GitHub Actions workflow, 3 others (…)".
 */
function countNotOurs(counts: ReadonlyMap<string, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts]
    .sort(([a, m], [b, n]) => (a === '' ? 1 : b === '' ? -1 : n - m || (a < b ? -1 : 1)))
    .map(([what, n]) => {
      const noun = what ? what.replace(/^an? /, '') : 'other';
      return `${n} ${noun}${n === 1 ? '' : 's'}`;
    });
  const files =
    total === 1
      ? 'YAML or JSON file that is not a buildspec or AppSpec'
      : 'YAML and JSON files that are not buildspecs or AppSpecs';
  return `Skipped ${total} ${files}: ${parts.join(', ')} (--verbose lists them)`;
}

/** Runs `lint` with its arguments; returns the exit code. */
export function lint(args: readonly string[], cwd = process.cwd()): number {
  const options = parseArgs(args);
  const service = new LanguageService({ fileExists: (uri) => existsSync(new URL(uri)) });
  service.configure({ rules: options.rules, image: options.image, patterns: { buildspec: [], appspec: [] } });
  const found = discover(options.inputs, { include: options.include, exclude: options.exclude, cwd });
  const problems: Skip[] = [...found.problems];
  const skipped: Skip[] = [...found.skipped];
  /** Files found in folders that are neither, counted by what they are ('' when nothing says). */
  const notOurs = new Map<string, number>();
  const reports: Report[] = [];

  /** Whether text read from a folder is a buildspec or AppSpec by its content. */
  const isOurs = (text: string) => {
    const doc = TextDocument.create('file:///not-utf8.yml', 'yaml', 1, text);
    const ours = service.parse(doc).kind.type !== 'unknown';
    service.forget(doc.uri);
    return ours;
  };

  for (const file of found.candidates) {
    const named = typeFromName(file.path, undefined, undefined);
    const read = readCapped(file.realPath);
    if ('refused' in read) {
      // A big data file in a folder is not a buildspec; a big file that says it is one must not pass.
      if (!file.explicit && !named && read.tooLarge)
        skipped.push({ path: file.path, reason: `not read: ${read.refused}` });
      else if (!file.explicit && !named && read.lossyText !== undefined && !isOurs(read.lossyText))
        // Binary or legacy-encoded data in a folder; but a buildspec with one Latin-1 byte must not pass.
        notOurs.set('', (notOurs.get('') ?? 0) + 1);
      else problems.push({ path: file.path, reason: read.refused });
      continue;
    }
    const absolutePath = path.resolve(cwd, file.path);
    const doc = TextDocument.create(pathToFileURL(absolutePath).href, 'yaml', 1, read.text);
    const kind = service.parse(doc).kind;
    if (kind.type === 'unknown') {
      service.forget(doc.uri);
      const reason = `not a buildspec or AppSpec${kind.other ? `: ${kind.other}` : ''}`;
      // Files the user named, or whose name claims to be ours, are listed; the rest of a folder is counted.
      if (file.explicit || named || options.verbose) skipped.push({ path: file.path, reason });
      else notOurs.set(kind.other ?? '', (notOurs.get(kind.other ?? '') ?? 0) + 1);
      continue;
    }
    reports.push({
      file: file.path,
      absolutePath,
      kind: service.describe(doc),
      text: read.text,
      diagnostics: service.validate(doc),
    });
    // The service keeps each document's parse for the next request; a walk over a repository makes none.
    service.forget(doc.uri);
  }

  const excluded = options.verbose ? 0 : skipped.filter((s) => s.reason === EXCLUDED).length;
  for (const s of skipped)
    if (options.verbose || s.reason !== EXCLUDED)
      process.stderr.write(`Skipped ${displayPath(s.path)}: ${escapeControls(s.reason)}\n`);
  if (excluded)
    process.stderr.write(
      `Skipped ${excluded} ${excluded === 1 ? 'entry' : 'entries'} matching --exclude (--verbose lists them)\n`,
    );
  if (notOurs.size) process.stderr.write(`${countNotOurs(notOurs)}\n`);
  for (const p of problems)
    process.stderr.write(`Could not lint ${displayPath(p.path)}: ${escapeControls(p.reason)}\n`);
  if (!reports.length && !problems.length && !options.allowNone) {
    // Most likely a wrong folder in a CI script: a silent pass would hide it.
    process.stderr.write(
      `No buildspec or AppSpec files found in: ${options.inputs.map(displayPath).join(' ')}\n`,
    );
    return 2;
  }
  const out =
    options.format === 'json'
      ? toJson(reports, skipped, problems)
      : options.format === 'sarif'
        ? toSarif(reports, cwd)
        : toText(reports);
  process.stdout.write(out);
  const errors = reports.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error));
  return errors ? 1 : problems.length ? 2 : 0;
}
