/**
 * Where a file stops being UTF-8. CodeBuild and CodeDeploy read buildspecs and AppSpecs as UTF-8; a file
 * saved in Latin-1 or Windows-1252 (an `é` in a comment) must be reported where the first bad byte is,
 * so that the user can find it, rather than refused with no place or, in a folder, skipped unseen.
 */

export interface Utf8Error {
  /** Offset of the first byte that does not start or continue a valid sequence. */
  readonly offset: number;
  readonly byte: number;
  /** 1-based line of that byte. */
  readonly line: number;
}

/** The first invalid sequence in `bytes` (RFC 3629: no overlongs, no surrogates, nothing over U+10FFFF). */
export function firstUtf8Error(bytes: Uint8Array): Utf8Error | undefined {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // over U+10FFFF
    } else return { offset: i, byte: b, line };
    for (let k = 1; k <= need; k++) {
      const c = i + k < bytes.length ? bytes[i + k] : -1;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      // A truncated or broken sequence: the lead byte is where the file stops being UTF-8.
      if (c < lo || c > hi) return { offset: i, byte: b, line };
    }
    i += need + 1;
  }
  return undefined;
}

/** `byte 0xE9 at offset 57 (line 5)`. */
export function describeUtf8Error(e: Utf8Error): string {
  return `byte 0x${e.byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${e.offset} (line ${e.line})`;
}
