/**
 * The fuzz worker: runs every language-service feature on one document and reports, per call, whether
 * it threw, broke an LSP invariant or took too long. It runs in a child process so that the test can
 * stop a call that never returns; it says which call it starts so the test knows which one hung.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { checkResult } from './invariants';
import {
  resolveAnchor,
  type Anchor,
  type CallFailure,
  type FromWorker,
  type ShellSyntaxExpectation,
  type ToWorker,
} from './protocol';

const POSITIONAL = ['complete', 'hover', 'definition'] as const;
const WHOLE = ['describe', 'validate', 'symbols', 'folding', 'links', 'semanticTokens'] as const;

let version = 0;

function run(msg: ToWorker, post: (m: FromWorker) => void): CallFailure[] {
  // A new service per input: a parse cache entry left over from another input must not hide a bug.
  const service = new LanguageService({ fileExists: () => false, sourceRoot: () => 'file:///w/' });
  const doc = TextDocument.create(msg.uri, 'yaml', ++version, msg.text);
  const failures: CallFailure[] = [];
  let diagnostics: Diagnostic[] | undefined;

  const call = (
    method: string,
    anchor: Anchor | undefined,
    position: Position | undefined,
    fn: () => unknown,
  ) => {
    if (
      msg.only &&
      (msg.only.method !== method || JSON.stringify(msg.only.anchor) !== JSON.stringify(anchor))
    )
      return undefined;
    if (msg.skip?.includes(method.replace('(stale)', ''))) return undefined;
    post({ type: 'start', method, ...(anchor ? { anchor } : {}) });
    const started = performance.now();
    let result: unknown;
    try {
      result = fn();
    } catch (e) {
      const err = e as Error;
      failures.push({
        method,
        anchor,
        position,
        kind: 'throw',
        message: `${err?.name}: ${err?.message}`,
        stack: err?.stack,
      });
      return undefined;
    }
    const ms = performance.now() - started;
    if (ms > (method === 'parse' ? msg.parseBoundMs : msg.boundMs))
      failures.push({ method, anchor, position, kind: 'slow', message: `took ${Math.round(ms)} ms`, ms });
    const broken = checkResult(method, result, doc, position);
    if (broken) failures.push({ method, anchor, position, kind: 'invalid', message: broken });
    return result;
  };

  // The YAML parse is timed on its own: it is the library's linear cost, with a bound of its own.
  call('parse', undefined, undefined, () => service.parse(doc));
  for (const method of WHOLE) {
    const result = call(method, undefined, undefined, () => service[method](doc));
    if (method === 'validate' && Array.isArray(result)) diagnostics = result as Diagnostic[];
  }
  const broken = diagnostics && msg.shellSyntax && shellSyntaxBroken(diagnostics, msg.shellSyntax);
  if (broken)
    failures.push({
      method: 'validate(shell syntax)',
      anchor: undefined,
      position: undefined,
      kind: 'invalid',
      message: broken,
    });
  // VS Code sends the diagnostics under the cursor; a whole-file request is capped likewise.
  call('codeActions', undefined, undefined, () =>
    service.codeActions(doc, (diagnostics ?? service.validate(doc)).slice(0, 100)),
  );
  // Clients send diagnostics back that belong to an older version of the text.
  if (msg.staleText !== undefined) {
    const stale = new LanguageService().validate(TextDocument.create(msg.uri, 'yaml', 0, msg.staleText));
    call('codeActions(stale)', undefined, undefined, () => service.codeActions(doc, stale.slice(0, 100)));
  }
  for (const anchor of msg.anchors) {
    const position = resolveAnchor(anchor, doc);
    for (const method of POSITIONAL) call(method, anchor, position, () => service[method](doc, position));
    call('codeActions', anchor, position, () =>
      service.codeActions(
        doc,
        (diagnostics ?? service.validate(doc)).filter(
          (d) => d.range.start.line <= position.line && position.line <= d.range.end.line,
        ),
      ),
    );
  }
  return failures;
}

/** Why the diagnostics break the input's shell syntax expectation, or undefined. */
function shellSyntaxBroken(diagnostics: Diagnostic[], want: ShellSyntaxExpectation): string | undefined {
  const errors = diagnostics.filter((d) => d.code === 'shell-syntax');
  if (want === 'none' && errors.length > 0)
    return `a shell syntax error where none is possible: ${JSON.stringify(errors[0].message)}`;
  if (want === 'error' && !errors.some((d) => d.severity === 1))
    return 'no shell syntax error on a command that cannot run';
  if (want === 'too-deep' && errors.length > 0)
    return `a shell syntax error on a command too deep to parse: ${JSON.stringify(errors[0].message)}`;
  if (want === 'too-deep' && !diagnostics.some((d) => d.code === 'shell-too-deep'))
    return 'silence on a command too deep to parse: no shell-too-deep';
  return undefined;
}

process.on('message', (msg: ToWorker) => {
  const post = (m: FromWorker) => process.send!(m);
  const failures = run(msg, post);
  post({ type: 'done', failures });
});
