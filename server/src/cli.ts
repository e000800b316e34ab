#!/usr/bin/env node
/**
 * Command-line entry, installed as `aws-cicd-lint` (package.json `bin`): `lint` checks buildspec and
 * appspec files for CI (exit 1 on errors), and is what runs when no command is named; `schema` exports
 * the JSON Schemas, `rules` prints the diagnostics catalogue.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lint, LINT_USAGE, UsageError } from './lint/command';
import { RULES } from './service/index';
import { appspecSchema, buildspecSchema } from './service/schemaExport';

const USAGE = `Usage:
${LINT_USAGE}
  aws-cicd-lint schema [--out DIR]  Writes buildspec.schema.json and appspec.schema.json (stdout without --out).
  aws-cicd-lint rules [--markdown]  Lists every diagnostic code.
In a clone of the repository, aws-cicd-lint is node server/out/cli.js.`;

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
    case undefined:
      throw new UsageError('No command given');
    default:
      // `aws-cicd-lint .` reads as it should: anything that is not a command is what to lint.
      return lint(argv);
  }
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
      // The anchor is what the SARIF output's helpUri links to.
      (r) =>
        `| <a id="${r.code}"></a>\`${r.code}\` | ${r.severity} | ${family(r.family)} | ${r.summary.replace(/\|/g, '\\|')} |`,
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
