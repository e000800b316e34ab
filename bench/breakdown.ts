/**
 * In-process breakdown of where our server spends its time on the generated buildspec: the YAML
 * parse, each validation stage, completion and hover on an already parsed document. No LSP, no
 * process boundary: these are the costs the server pays per keystroke before it can answer.
 *
 *   node --import tsx bench/breakdown.ts
 */
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, Parser } from 'yaml';
import { complete } from '../server/src/service/complete';
import { parse } from '../server/src/service/document';
import { LanguageService } from '../server/src/service/index';
import { Reporter } from '../server/src/service/findings';
import { hover } from '../server/src/service/hover';
import { BUILDSPEC_ROOT } from '../server/src/service/model/buildspec';
import { checkBuildspec } from '../server/src/service/validate/buildspec';
import { findings, validate } from '../server/src/service/validate/index';
import { checkModel } from '../server/src/service/validate/schema';
import { parseSuppressions } from '../server/src/service/validate/suppress';
import { checkSyntax } from '../server/src/service/validate/syntax';
import { generateBuildspec } from './generate';
import { summarize } from './stats';

const RUNS = 60;
const WARMUP = 20;

function time(name: string, fn: () => unknown): { name: string; p50: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  const s = summarize(ms);
  return { name, p50: s.p50, p95: s.p95 };
}

function main(): void {
  const g = generateBuildspec(20261122, 2000);
  const uri = 'file:///bench/buildspec.yml';
  let version = 1;
  const fresh = () => TextDocument.create(uri, 'buildspec', version++, g.text);
  const parsed = parse(fresh());
  const line = (n: number) => g.text.split('\n')[n];
  const dollar = g.commands[100];
  const results = [
    time('yaml parseDocument (as document.ts: YAML 1.1, uniqueKeys off)', () =>
      parseDocument(g.text, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false }),
    ),
    time('yaml Parser only (CST tokens, no compose)', () => [...new Parser().parse(g.text)]),
    time('document.parse (parse + detectKind)', () => parse(fresh())),
    time('validate(parsed) without parse', () => validate(parsed, {})),
    time('  findings()', () => findings(parsed, {})),
    time('    checkSyntax', () => checkSyntax(new Reporter(parsed))),
    time('    checkModel', () => checkModel(new Reporter(parsed), BUILDSPEC_ROOT, '0.2')),
    time('    checkBuildspec', () => checkBuildspec(new Reporter(parsed), {})),
    time('  parseSuppressions', () => parseSuppressions(g.text)),
    time('parse + validate (one keystroke)', () => validate(parse(fresh()), {})),
    time('complete: key under phases.build (parsed)', () =>
      complete(parsed, { line: g.phaseKeys[2], character: line(g.phaseKeys[2]).length }),
    ),
    time('complete: on-failure value (parsed)', () =>
      complete(parsed, { line: g.onFailure[0].line, character: g.onFailure[0].start }),
    ),
    time('complete: $ in command (parsed)', () =>
      complete(parsed, { line: dollar.line, character: line(dollar.line).indexOf('$') + 1 }),
    ),
    time('hover: on-failure key (parsed)', () => hover(parsed, { line: g.onFailure[0].line, character: 6 })),
  ];
  // Keystrokes through the LanguageService, as the server runs them: one character typed, then deleted.
  const service = new LanguageService();
  for (const [where, site] of [
    ['phases (on-failure value)', g.onFailure[1]],
    ['batch (task key)', g.taskKeys[30]],
  ] as const) {
    const doc = TextDocument.create(uri, 'buildspec', 1, g.text);
    service.forget(uri);
    service.validate(doc);
    let typed = false;
    const keystroke = () => {
      const at = { line: site.line, character: site.end };
      const end = typed ? { line: site.line, character: site.end + 1 } : at;
      TextDocument.update(doc, [{ range: { start: at, end }, text: typed ? '' : 'X' }], doc.version + 1);
      typed = !typed;
    };
    results.push(
      time(`keystroke in ${where}: service.validate (parse + validate)`, () => {
        keystroke();
        service.validate(doc);
      }),
      time(`keystroke in ${where}: service.complete, not yet validated`, () => {
        keystroke();
        service.complete(doc, { line: site.line, character: site.start });
      }),
    );
  }
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`${g.lineCount} lines, ${g.text.length} chars; median and p95 of ${RUNS} warm runs`);
  for (const r of results)
    console.log(
      `${r.name.padEnd(width)}  p50 ${r.p50.toFixed(2).padStart(7)} ms  p95 ${r.p95.toFixed(2).padStart(7)} ms`,
    );
}

main();
