/** Validation: runs every check on a parsed document and returns the diagnostics the user sees. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../document';
import type { Family } from '../fileKind';
import { MAX_FINDINGS, Reporter, type Finding, type Fix } from '../findings';
import type { RuleSetting, Severity } from '../rules';
import { checkAppSpec, type AppSpecOptions } from './appspec';
import { checkBuildspec, type BuildspecOptions } from './buildspec';
import { checkPaths } from './paths';
import { checkModel } from './schema';
import { effectiveSeverity, isSuppressed, parseSuppressions, silenceLine } from './suppress';
import { checkSyntax } from './syntax';

export interface ValidationOptions extends BuildspecOptions, AppSpecOptions {
  /** Rule code → severity or 'off', from the user's settings. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

/** What a diagnostic carries for code actions. */
export interface DiagnosticData {
  readonly fixes: readonly Fix[];
  /** The line a `-disable-next-line` comment must precede (0-based), or 'file' for file-level findings. */
  readonly silenceAt: number | 'file';
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Missing keys in a tree the parser had to guess at are noise, not findings. */
const UNRELIABLE_AFTER_SYNTAX_ERROR = new Set([
  'missing-key',
  'missing-version',
  'missing-recommended-key',
  'empty-value',
  'wrong-type',
  'scalar-instead-of-list',
]);

export function findings(doc: ParsedDocument, options: ValidationOptions = {}): Finding[] {
  const r = new Reporter(doc);
  if (doc.skipped) {
    r.reportAt('file-too-large', doc.skipped, r.range(0, 0), { fileLevel: true });
    return r.findings;
  }
  const { kind, root } = doc;
  if (kind.type === 'unknown' || !root) return [];
  checkSyntax(r);
  const broken = r.findings.length > 0;
  if (!broken && doc.yaml.contents === null) {
    r.reportAt(
      'empty-file',
      'The file is empty: it has no keys, only comments or blank lines',
      r.range(0, 0),
      { fileLevel: true },
    );
    return r.findings;
  }
  if (kind.type === 'buildspec') {
    checkModel(r, root, kind.version === '0.1' ? '0.1' : '0.2');
    checkBuildspec(r, options);
  } else {
    checkModel(r, root);
    checkAppSpec(r, kind.platform, options);
  }
  checkPaths(r);
  const out = broken ? r.findings.filter((f) => !UNRELIABLE_AFTER_SYNTAX_ERROR.has(f.code)) : r.findings;
  if (r.full) {
    out.push({
      code: 'file-too-large',
      message: `The file has more than ${MAX_FINDINGS} problems; only the first ${MAX_FINDINGS} are shown`,
      range: r.range(0, 0),
      fileLevel: true,
    });
  }
  return out;
}

export function validate(doc: ParsedDocument, options: ValidationOptions = {}): Diagnostic[] {
  const source: Family = doc.kind.type === 'appspec' ? 'appspec' : 'buildspec';
  const suppressions = parseSuppressions(doc.text);
  const out: Diagnostic[] = [];
  for (const f of findings(doc, options)) {
    const severity = effectiveSeverity(f, options.rules ?? {});
    // A finding inside a multi-line command is silenced by a comment above the line the command starts on.
    const silenceAt = f.fileLevel ? 'file' : silenceLine(doc, f.range.start);
    if (!severity || isSuppressed(f.code, silenceAt, suppressions)) continue;
    const data: DiagnosticData = { fixes: f.fixes ?? [], silenceAt };
    out.push({
      range: f.range,
      severity: SEVERITY[severity],
      code: f.code,
      source,
      message: f.message,
      data,
      ...(f.related?.length
        ? {
            relatedInformation: f.related.map((x) => ({
              location: { uri: doc.uri, range: x.range },
              message: x.message,
            })),
          }
        : {}),
    });
  }
  return out;
}
