// The ids the client spells (client/src/ids.ts) and those package.json contributes must be the same
// sets: a command contributed but never registered, or a setting read but never declared, fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { COMMAND, CONTEXT, PREFIX, SETTING, VIEW } from '../../client/src/ids';

interface Contributes {
  commands: { command: string }[];
  views: Record<string, { id: string }[]>;
  viewsContainers: Record<string, { id: string }[]>;
  configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
  menus: Record<string, { when?: string }[]>;
}

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: Contributes;
};
const contributes = pkg.contributes;

/** Every string leaf of a nested constant object. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(leaves);
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

test('the command ids are the commands package.json contributes', () => {
  assert.deepEqual(sorted(leaves(COMMAND)), sorted(contributes.commands.map((c) => c.command)));
});

test('the view ids are the views and the container package.json contributes', () => {
  const views = Object.values(contributes.views)
    .flat()
    .map((v) => v.id);
  const containers = Object.values(contributes.viewsContainers)
    .flat()
    .map((c) => c.id);
  assert.deepEqual(sorted(leaves(VIEW)), sorted([...views, ...containers]));
});

test('the setting keys are the settings package.json declares', () => {
  const sections = [contributes.configuration].flat();
  const declared = sections.flatMap((s) => Object.keys(s.properties));
  assert.deepEqual(sorted(leaves(SETTING).map((k) => `${PREFIX}.${k}`)), sorted(declared));
});

test('every context key a when clause reads is one the client sets', () => {
  const whens = Object.values(contributes.menus)
    .flat()
    .map((m) => m.when ?? '');
  const read = whens.flatMap((w) => w.match(/\bawsCicd\.[A-Za-z.]+/g) ?? []);
  const known = new Set([...leaves(CONTEXT), ...leaves(VIEW)]);
  const unknown = sorted(read.filter((k) => !known.has(k)));
  assert.deepEqual(unknown, []);
});
