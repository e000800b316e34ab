/**
 * Document text inside hover and completion Markdown. A buildspec comes from whoever can push to the
 * repository: its keys and values must read as text, never as a link, an image (fetched the moment
 * the hover shows) or HTML.
 */

/** Longer document text is cut: a hover shows a name or a value, not a page. */
const MAX_TEXT = 200;

function oneLine(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat;
}

/** Text shown as itself in Markdown: every character Markdown or HTML could read as syntax is escaped. */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]()<>#+\-.!|~&:"'=$@^]/g, '\\$&');
}

/** Text as an inline code span, fenced with more backticks than it holds, so nothing in it ends the span. */
export function markdownCode(text: string): string {
  const flat = oneLine(text);
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
