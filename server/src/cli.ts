/**
 * Command-line entry: `lint` checks buildspec and appspec files for CI (exit 1 on errors), `schema`
 * exports the JSON Schemas, `rules` prints the diagnostics catalogue.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { typeFromName } from './service/fileKind';
import { LanguageService, RULES, type RuleSetting } from './service/index';
import { appspecSchema, buildspecSchema } from './service/schemaExport';

const USAGE = `Usage:
  cli.js lint [--format text|json|sarif] [--rule CODE=SEVERITY]... [--image IMAGE] FILE|DIR...
      Lints buildspec and appspec files (folders are searched for them). Exit 1 when an error is found.
      SEVERITY is error, warning, information, hint or off.
  cli.js schema [--out DIR]        Writes buildspec.schema.json and appspec.schema.json (stdout without --out).
  cli.js rules [--markdown]        Lists every diagnostic code.`;

const SEVERITY_NAME = ['', 'error', 'warning', 'information', 'hint'] as const;

class UsageError extends Error {}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint':
      return lint(rest);
    case 'schema':
      return schema(rest);
    case 'rules':
      process.stdout.write(rules(rest.includes('--markdown')));
      return 0;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      throw new UsageError(command ? `Unknown command: ${command}` : 'No command given');
  }
}

interface Report {
  readonly file: string;
  readonly kind: string;
  readonly diagnostics: Diagnostic[];
}

function lint(args: string[]): number {
  let format = 'text';
  let image = '';
  const ruleSettings: Record<string, RuleSetting> = {};
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--format') format = value();
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--image') image = value();
    else if (a === '--rule') {
      const [code, sev] = value().split('=');
      if (!code || !(code in RULES)) throw new UsageError(`Unknown rule: ${code ?? ''}`);
      if (!['error', 'warning', 'information', 'hint', 'off'].includes(sev ?? ''))
        throw new UsageError(`Unknown severity: ${sev ?? ''}`);
      ruleSettings[code] = sev as RuleSetting;
    } else if (a.startsWith('-')) throw new UsageError(`Unknown option: ${a}`);
    else inputs.push(a);
  }
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`Unknown format: ${format}`);
  if (!inputs.length) throw new UsageError('No files given');

  const service = new LanguageService({ fileExists: (uri) => existsSync(new URL(uri)) });
  service.configure({ rules: ruleSettings, image, patterns: { buildspec: [], appspec: [] } });
  const reports: Report[] = [];
  let unreadable = 0;
  for (const file of expand(inputs)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`Could not read ${file}: ${(e as Error).message}\n`);
      unreadable++;
      continue;
    }
    const doc = TextDocument.create(pathToFileURL(path.resolve(file)).toString(), 'yaml', 1, text);
    const kind = service.describe(doc);
    if (service.parse(doc).kind.type === 'unknown') {
      process.stderr.write(
        `Skipped ${file}: not recognisably a buildspec or appspec (name it buildspec*.yml or appspec.yml)\n`,
      );
      unreadable++;
      continue;
    }
    reports.push({ file, kind, diagnostics: service.validate(doc) });
  }
  if (!reports.length && !unreadable) {
    // Most likely a wrong folder in a CI script: a silent pass would hide it.
    process.stderr.write(`No buildspec or appspec files found in: ${inputs.join(' ')}\n`);
    return 2;
  }
  const out = format === 'json' ? toJson(reports) : format === 'sarif' ? toSarif(reports) : toText(reports);
  process.stdout.write(out);
  const errors = reports.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error));
  return errors ? 1 : unreadable ? 2 : 0;
}

/** Files as given, and the buildspec/appspec files inside given folders. */
function expand(inputs: string[]): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 20) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.git')) continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p, depth + 1);
      else if (typeFromName(p, undefined, undefined)) out.push(p);
    }
  };
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) visit(input, 0);
    else out.push(input);
  }
  return out;
}

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

function toText(reports: Report[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const sev = SEVERITY_NAME[d.severity ?? 1];
      if (d.severity === DiagnosticSeverity.Error) errors++;
      if (d.severity === DiagnosticSeverity.Warning) warnings++;
      lines.push(
        `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${String(d.code)}: ${messageOf(d)}`,
      );
    }
  }
  lines.push(
    `${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}

function toJson(reports: Report[]): string {
  const files = reports.map((r) => ({
    file: r.file,
    kind: r.kind,
    diagnostics: r.diagnostics.map((d) => ({
      code: d.code,
      severity: SEVERITY_NAME[d.severity ?? 1],
      message: messageOf(d),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    })),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

function toSarif(reports: Report[]): string {
  const level = (s: DiagnosticSeverity | undefined) => (s === 1 ? 'error' : s === 2 ? 'warning' : 'note');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aws-cicd-lint',
            rules: Object.entries(RULES).map(([id, r]) => ({
              id,
              shortDescription: { text: r.summary },
              defaultConfiguration: {
                level: r.severity === 'error' ? 'error' : r.severity === 'warning' ? 'warning' : 'note',
              },
            })),
          },
        },
        results: reports.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: String(d.code),
            level: level(d.severity),
            message: { text: messageOf(d) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file.split(path.sep).join('/') },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function schema(args: string[]): number {
  const outIndex = args.indexOf('--out');
  const schemas = { 'buildspec.schema.json': buildspecSchema(), 'appspec.schema.json': appspecSchema() };
  if (outIndex < 0) {
    process.stdout.write(`${JSON.stringify(schemas, null, 2)}\n`);
    return 0;
  }
  const dir = args[outIndex + 1];
  if (!dir) throw new UsageError('--out needs a folder');
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(schemas))
    writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

/** The diagnostics catalogue, as a table for the docs or plain lines. */
export function rules(markdown: boolean): string {
  const rows = Object.entries(RULES).map(([code, r]) => ({ code, ...r }));
  if (!markdown)
    return `${rows.map((r) => `${r.code.padEnd(34)} ${r.severity.padEnd(12)} ${r.summary}`).join('\n')}\n`;
  const family = (f: string) => (f === 'both' ? 'both' : f);
  return `| code | default severity | files | what it finds |\n|---|---|---|---|\n${rows
    .map(
      (r) => `| \`${r.code}\` | ${r.severity} | ${family(r.family)} | ${r.summary.replace(/\|/g, '\\|')} |`,
    )
    .join('\n')}\n`;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`Unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  }
}
