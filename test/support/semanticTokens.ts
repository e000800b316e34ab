/**
 * Semantic tokens as an editor paints them: LSP's relative five-number encoding decoded into
 * `line:column text type[.modifier]` rows, for tests at the protocol and the real-host level alike.
 */
export interface TokenLegend {
  readonly tokenTypes: readonly string[];
  readonly tokenModifiers: readonly string[];
}

export function decodeTokens(
  data: ArrayLike<number>,
  legend: TokenLegend,
  lineText: (line: number) => string,
): string[] {
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const [dLine, dChar, length, type, bits] = [data[i], data[i + 1], data[i + 2], data[i + 3], data[i + 4]];
    line += dLine;
    character = dLine ? dChar : character + dChar;
    const mods = legend.tokenModifiers.filter((_, k) => bits & (1 << k));
    const shown = lineText(line).slice(character, character + length);
    out.push(`${line}:${character} ${shown} ${[legend.tokenTypes[type], ...mods].join('.')}`);
  }
  return out;
}
