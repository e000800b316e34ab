// Assertions on token scopes, phrased as what a reader sees on a line.
import assert from 'node:assert/strict';
import { dumpTokens, type Token } from './textmate';

/** Removes the common indentation of a template literal and its first and last blank lines. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** True when the token has `scope` or a more specific scope under it. */
export function hasScope(token: Token, scope: string): boolean {
  return token.scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

/** The first token on `line` whose text, trimmed, is `text`. */
export function tokenAt(lines: Token[][], line: number, text: string): Token {
  const token = lines[line]?.find((t) => t.text.trim() === text);
  assert.ok(token, `no token ${JSON.stringify(text)} on line ${line}:\n${dumpTokens(lines)}`);
  return token;
}

/** Asserts that the token `text` on `line` has every one of `scopes`. */
export function assertScopes(lines: Token[][], line: number, text: string, ...scopes: string[]): void {
  const token = tokenAt(lines, line, text);
  for (const scope of scopes) {
    assert.ok(
      hasScope(token, scope),
      `${JSON.stringify(text)} (line ${line}) lacks ${scope}: ${token.scopes.join(' ')}`,
    );
  }
}

/** Asserts that the token `text` on `line` lacks `scope`. */
export function assertNoScope(lines: Token[][], line: number, text: string, scope: string): void {
  const token = tokenAt(lines, line, text);
  assert.ok(
    !hasScope(token, scope),
    `${JSON.stringify(text)} (line ${line}) has ${scope}: ${token.scopes.join(' ')}`,
  );
}

/** Asserts that `key` on `line` is an ordinary YAML key again, outside every embedded region. */
export function assertYamlKey(lines: Token[][], line: number, key: string): void {
  assertScopes(lines, line, key, 'entity.name.tag.yaml');
  assertNoScope(lines, line, key, 'meta.embedded');
  assertNoScope(lines, line, key, 'meta.commands.buildspec');
}
