// Text from outside (AWS names, summaries and error causes, profile names) on its way into a
// notification or a dialog. VS Code turns `[label](command:…)`, `[label](https://…)` and `$(icon)` in a
// notification message into live links and icons, so names are reduced to characters that cannot form
// them, and longer text has the link syntax broken. Pure, for the unit tests.

// C0/C1 controls, and the invisible and bidirectional formatting characters that can make text read
// other than it is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Cuts text to `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/**
 * A name or id for a notification: letters, digits, spaces and `. _ - @ / : + = , ·` are kept, anything
 * else (brackets, parentheses, `$`, quotes, controls) becomes `?`, and the result is capped.
 */
export function safeName(name: string, max = 100): string {
  return truncate(name, max).replace(/[^\p{L}\p{N} ._\-@/:+=,·…]/gu, '?');
}

/** One line of free text for a dialog or a notification: no controls, no live links, capped. */
export function safeLine(text: string, max = 300): string {
  return breakLinks(
    truncate(text, max)
      .replace(/\r\n?|\n/g, ' ')
      .replace(CONTROLS, ''),
  );
}

/** Several lines of free text for a dialog's detail: each line made safe, the whole capped. */
export function safeLines(text: string, maxLines = 6, maxLine = 200): string {
  const lines = text.split(/\r\n?|\n/, maxLines + 1);
  const out = lines.slice(0, maxLines).map((l) => safeLine(l, maxLine));
  if (lines.length > maxLines) out.push('…');
  return out.join('\n');
}

/**
 * Breaks the link and icon syntax VS Code renders in notification messages (`[x](y)`, `$(x)`) by
 * putting a space inside it; the words stay readable.
 */
export function breakLinks(text: string): string {
  return text.replace(/\]\s*\(/g, '] (').replace(/\$\(/g, '$ (');
}

/** A message for a notification: made of our words, with whatever it quotes made safe; capped. */
export function notificationText(text: string, max = 500): string {
  return breakLinks(truncate(text, max).replace(CONTROLS, ' '));
}
