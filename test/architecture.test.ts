/**
 * The architecture, checked: no buildspec or AppSpec key is spelled outside the model, no source file
 * of the server or the client grows past 400 lines, and no module of either imports itself through
 * others (type imports included).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { APPSPEC_ROOTS } from '../server/src/service/model/appspec';
import { BUILDSPEC_ROOT } from '../server/src/service/model/buildspec';
import type { Spec } from '../server/src/service/model/types';

const REPO = path.resolve(__dirname, '..');
const SERVICE = path.join(REPO, 'server/src/service');
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(REPO, file).split(path.sep).join('/');

/** Every key the model names: mapping keys and the misplaced keys it explains, at any depth. */
function modelKeys(): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<Spec>();
  const visit = (spec: Spec): void => {
    if (seen.has(spec)) return;
    seen.add(spec);
    switch (spec.kind) {
      case 'map':
        for (const [name, key] of Object.entries(spec.keys)) {
          keys.add(name);
          visit(key.spec);
        }
        for (const name of Object.keys(spec.misplaced ?? {})) keys.add(name);
        if (spec.additional) visit(spec.additional.spec);
        break;
      case 'seq':
        visit(spec.item);
        break;
      case 'union':
        spec.options.forEach(visit);
        break;
      default:
    }
  };
  visit(BUILDSPEC_ROOT);
  Object.values(APPSPEC_ROOTS).forEach(visit);
  return keys;
}

/**
 * Literals outside the model that are model keys on purpose, each with why. Keyed by file, then by the
 * literal.
 */
const ALLOWED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'server/src/service/otherFormats.ts': {
    Resources: "CloudFormation's own section, which an AppSpec's key happens to share",
    Type: "a CloudFormation resource's own key",
  },
  'server/src/service/schemaExport.ts': { object: "JSON Schema's name of a mapping type" },
  'server/src/service/shell/commands.ts': {
    '/\\$env:\\w/i (env)': "PowerShell's environment drive, a sign of a Windows command",
  },
  'server/src/service/shell/goTree.ts': { Name: "a field of mvdan/sh's syntax tree" },
  'server/src/service/shell/words.ts': {
    sudo: 'a program that runs the command after it',
    env: 'a program that runs the command after it',
    timeout: 'a program that runs the command after it',
  },
  'server/src/service/validate/schema.ts': { key: 'the word in the unknown-key message' },
  'server/src/service/validate/shellSecurity.ts': {
    python: 'a program that runs code it is given (also the name of a runtime)',
    ruby: 'a program that runs code it is given (also the name of a runtime)',
    docker: 'the Docker command line',
  },
  'server/src/service/validate/shellVariables.ts': { source: "the shell's builtin" },
};

interface Spelled {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Whether a type is one of our own string enumerations: string literals only. */
function isEnumeration(type: ts.Type | undefined): boolean {
  if (!type) return false;
  const parts = type.isUnion() ? type.types : [type];
  return (
    parts.some((t) => t.isStringLiteral()) &&
    parts.every((t) => t.isStringLiteral() || (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0)
  );
}

/**
 * Whether the literal is a value of one of our own enumerations (`kind: 'key'`, `kind.type === 'buildspec'`,
 * `case 'key':`): TypeScript expects, or compares it with, a union of string literals.
 */
function isOwnEnumeration(checker: ts.TypeChecker, node: ts.Expression): boolean {
  if (isEnumeration(checker.getContextualType(node))) return true;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    const other = parent.left === node ? parent.right : parent.left;
    const comparison =
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken;
    return comparison && isEnumeration(checker.getTypeAtLocation(other));
  }
  if (ts.isCaseClause(parent))
    return isEnumeration(checker.getTypeAtLocation(parent.parent.parent.expression));
  return false;
}

function spelledKeys(files: readonly string[], keys: ReadonlySet<string>): Spelled[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const out: Spelled[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    assert.ok(source, file);
    const report = (node: ts.Node, text: string) => {
      const allowed = ALLOWED[rel(file)]?.[text];
      if (allowed) return;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      out.push({ file: rel(file), line, text });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        // `'range' in edit` asks about one of our own types' properties, not about the YAML.
        const propertyTest =
          ts.isBinaryExpression(node.parent) &&
          node.parent.left === node &&
          node.parent.operatorToken.kind === ts.SyntaxKind.InKeyword;
        if (keys.has(node.text) && !propertyTest && !isOwnEnumeration(checker, node)) report(node, node.text);
      } else if (ts.isRegularExpressionLiteral(node)) {
        // A pattern over the text that looks for `key:` spells the key too.
        for (const key of keys)
          if (
            new RegExp(`(^|[^\\w-])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\\\s\\*)?:`).test(node.text)
          )
            report(node, `${node.text} (${key})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

/** Relative imports of a file; with `types` false, only those that exist at run time (see below). */
function importsOf(file: string, types: boolean): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const st of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (types || !typeOnly) spec = st.moduleSpecifier;
    } else if (ts.isExportDeclaration(st) && (types || !st.isTypeOnly)) spec = st.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec.text);
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(existsSync);
    if (target) out.push(target);
  }
  return out;
}

/** Every cycle found by a depth-first search, each as the files around it. */
function importCycles(files: readonly string[], types: boolean): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f, types)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const s = state.get(next);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel));
      else if (s === undefined && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

describe('architecture', () => {
  it('spells buildspec and AppSpec keys only in the model', () => {
    const keys = modelKeys();
    assert.ok(
      keys.has('phases') && keys.has('Resources') && keys.has('runtime-versions'),
      'the model keys were not collected',
    );
    const outside = sourceFiles(SERVICE).filter((f) => !rel(f).startsWith('server/src/service/model/'));
    const found = spelledKeys(outside, keys);
    assert.deepEqual(
      found.map((s) => `${s.file}:${s.line} ${s.text}`),
      [],
      'a rule or feature spells a model key; give the model a role and find the node by it',
    );
  });

  it('finds a key spelled in a rule (the check itself works)', () => {
    const found = spelledKeys([path.join(REPO, 'test/fixtures/architecture/spells-a-key.ts')], modelKeys());
    assert.deepEqual(
      found.map((s) => s.text),
      ['phases', '/^ *variables\\s*:/ (variables)'],
    );
  });

  it('keeps completion and hover apart from the validation modules', () => {
    for (const feature of ['complete.ts', 'hover.ts']) {
      const imports = importsOf(path.join(SERVICE, feature), true).map(rel);
      assert.ok(imports.length > 0, feature);
      assert.deepEqual(
        imports.filter((f) => f.startsWith('server/src/service/validate/')),
        [],
        `${feature} imports from validate/; shared document facts belong in facts/`,
      );
    }
  });

  it('keeps every source file of the server and the client at 400 lines or fewer', () => {
    const long = [path.join(REPO, 'server/src'), path.join(REPO, 'client/src')]
      .flatMap((dir) => sourceFiles(dir))
      .map((f) => ({ file: rel(f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    assert.deepEqual(long, []);
  });

  it('has no import cycles in the server, type imports included', () => {
    assert.deepEqual(importCycles(sourceFiles(path.join(REPO, 'server/src')), true), []);
  });

  it('has no import cycles in the client, type imports included', () => {
    assert.deepEqual(importCycles(sourceFiles(path.join(REPO, 'client/src')), true), []);
  });

  it('finds a cycle (the check itself works)', () => {
    const dir = path.join(REPO, 'test/fixtures/architecture/cycle');
    assert.deepEqual(
      importCycles(sourceFiles(dir), true).map((c) => c.map((f) => path.basename(f))),
      [['a.ts', 'b.ts', 'a.ts']],
    );
  });
});
