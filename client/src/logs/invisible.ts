// Characters a build log must not be allowed to hide or reorder text with. Bidi controls (U+202A-202E,
// U+2066-2069, U+200E/200F, U+061C) make the editor draw a line in another order than it was written
// ("Trojan Source"); zero-width and other invisible characters put text in a line that nobody sees
// (a path or command that looks like another one, smuggled tag characters); stray C0/C1 controls are
// binary junk that the editor would show as nothing or as a control picture. The parser writes each of
// them as a visible `<U+202E>` marker in the model's text. Markers are plain text, so links, problems,
// folding and colour spans all count positions in the text the editor shows, and the marker itself can
// never be mistaken for a path character. No `vscode` here.

/** Whether a UTF-16 code unit at or above U+00A0 is an invisible or bidi format character. */
function isInvisibleBmp(c: number): boolean {
  if (c < 0x00ad) return false;
  if (c === 0x00ad || c === 0x034f || c === 0x061c) return true;
  if (c < 0x115f) return false;
  if (c === 0x115f || c === 0x1160 || c === 0x17b4 || c === 0x17b5) return true;
  if (c >= 0x180b && c <= 0x180f) return true;
  if (c < 0x200b) return false;
  if (c <= 0x200f) return true; // ZWSP, ZWNJ, ZWJ, LRM, RLM
  if (c >= 0x2028 && c <= 0x202e) return true; // line/paragraph separators, bidi embeddings and overrides
  if (c >= 0x2060 && c <= 0x206f && c !== 0x2065) return true; // word joiner, invisible operators, isolates
  if (c === 0x3164 || c === 0xfeff || c === 0xffa0) return true;
  return c >= 0xfff9 && c <= 0xfffb;
}

/**
 * The marker for the character at `raw[i]`, or undefined when it is shown as it is. `c` is its code
 * unit, known to be outside printable ASCII. Tab, CR, BS, ESC, BEL, SO and SI are the parser's (it
 * interprets them, as a terminal does), so they never get here.
 */
export function invisibleMarker(raw: string, i: number, c: number): string | undefined {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return marker(c);
  if (c < 0xa0) return undefined;
  if (c === 0x200d) {
    // The joiner inside emoji sequences (👩‍💻) is how they are drawn, not hidden text.
    const before = i > 0 ? raw.charCodeAt(i - 1) : 0;
    if ((before >= 0xdc00 && before <= 0xdfff) || before === 0xfe0f) return undefined;
    return marker(c);
  }
  if (c === 0xdb40) {
    // Plane 14: tag characters (U+E0000-E007F) and variation selectors 17-256 (U+E0100-E01EF), both
    // invisible and both used to smuggle text.
    const low = raw.charCodeAt(i + 1);
    if ((low >= 0xdc00 && low <= 0xdc7f) || (low >= 0xdd00 && low <= 0xddef)) {
      return marker(0xe0000 + (low - 0xdc00));
    }
    return undefined;
  }
  return isInvisibleBmp(c) ? marker(c) : undefined;
}

/** How many code units the character the marker stands for takes (2 for plane 14, else 1). */
export function markedLength(c: number): number {
  return c === 0xdb40 ? 2 : 1;
}

const markers = new Map<number, string>();

function marker(cp: number): string {
  let m = markers.get(cp);
  // A few hundred code points at most can be marked, so the cache stays small.
  if (m === undefined) markers.set(cp, (m = `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`));
  return m;
}
