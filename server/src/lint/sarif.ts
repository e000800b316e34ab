/**
 * SARIF 2.1.0 output, for GitHub code scanning and other viewers. Locations are relative URIs against
 * the folder the linter ran in (`originalUriBaseIds.SRCROOT`), percent-encoded so that any file name is a
 * valid URI; each rule links to its entry in the diagnostics catalogue; each result carries a fingerprint
 * that survives lines moving, so that an alert is not reopened when code above it changes.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { homepage } from '../../../package.json';
import { RULES } from '../service/index';
import type { Rule, Severity } from '../service/rules';
import { safeJson } from './escape';
import { messageOf, type Report } from './report';

/**
 * Where the project lives: package.json `homepage`, the one place that says it (the docs' install and
 * CI steps name the same repository, and a test holds them to it). Rules link to their catalogue entry.
 */
export const PROJECT_URL = homepage.replace(/\/$/, '');
export const CATALOGUE_URL = `${PROJECT_URL}/blob/main/docs/diagnostics.md`;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

const FAMILY_WORDS = {
  buildspec: 'buildspec files',
  appspec: 'AppSpec files',
  both: 'buildspec and AppSpec files',
};

function levelOf(d: Diagnostic): 'error' | 'warning' | 'note' {
  return d.severity === DiagnosticSeverity.Error
    ? 'error'
    : d.severity === DiagnosticSeverity.Warning
      ? 'warning'
      : 'note';
}

/** A relative URI reference for a path under the base folder, or an absolute `file:` URI for one outside. */
export function artifactUri(absolutePath: string, base: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(base, absolutePath);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative))
    return { uri: pathToFileURL(absolutePath).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function ruleDescriptor(id: string, rule: Rule) {
  const firstSentence = /^.*?[.!?](?=\s|$)/.exec(rule.summary)?.[0] ?? rule.summary;
  const full = `${rule.summary} Default severity: ${rule.severity}; checked in ${FAMILY_WORDS[rule.family]}.`;
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: firstSentence },
    fullDescription: { text: full },
    helpUri: `${CATALOGUE_URL}#${id}`,
    help: {
      text: `${full} Documentation: ${CATALOGUE_URL}#${id}`,
      markdown: `${rule.summary}\n\nDefault severity: **${rule.severity}**, in ${FAMILY_WORDS[rule.family]}. [Documentation](${CATALOGUE_URL}#${id})`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

/**
 * A fingerprint from the rule, the file and the text of the flagged line (not its number), with a count
 * for the same finding on identical lines.
 */
function fingerprints(report: Report, relativeUri: string): (d: Diagnostic) => string {
  const lines = report.text.split(/\r?\n/);
  const seen = new Map<string, number>();
  return (d) => {
    const key = `${String(d.code)}\u0000${relativeUri}\u0000${(lines[d.range.start.line] ?? '').trim()}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32)}:${n}`;
  };
}

/** The SARIF log of a lint run made in `base`. */
export function toSarif(reports: readonly Report[], base: string): string {
  const ids = Object.keys(RULES);
  const rules = Object.entries(RULES as Record<string, Rule>).map(([id, r]) => ruleDescriptor(id, r));
  const results = reports.flatMap((r) => {
    const location = artifactUri(r.absolutePath, base);
    const fingerprint = fingerprints(r, location.uri);
    return r.diagnostics.map((d) => ({
      ruleId: String(d.code),
      ...(ids.includes(String(d.code)) ? { ruleIndex: ids.indexOf(String(d.code)) } : {}),
      level: levelOf(d),
      message: { text: messageOf(d) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
      partialFingerprints: { 'awsCicdLint/v1': fingerprint(d) },
    }));
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'aws-cicd-lint', informationUri: PROJECT_URL, rules } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(base).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return safeJson(log);
}
