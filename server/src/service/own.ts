/**
 * Lookups in the model's tables by a name the document wrote. A plain object answers `constructor`,
 * `toString` or `__proto__` from its prototype, so a buildspec naming a runtime or a key that way would
 * be read as known (or crash the rule that reads the entry): every such lookup goes through here.
 */
export function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
