/**
 * The service writes hover and completion documentation in Markdown. An editor that declares only plain
 * text shows it verbatim, where `**phases**`, `\-` escapes and `|---|` table rules are noise: this
 * turns the Markdown the service writes into text that reads the same.
 */

/** Markdown from the service as plain text: emphasis and code marks dropped, escapes undone, tables as lines. */
export function markdownToPlainText(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue;
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const cells = splitRow(line.trim()).map(inline);
      out.push(cells.join('  '));
      continue;
    }
    out.push(inline(line));
  }
  return out.join('\n');
}

/** The cells of `| a | b \| c |`, an escaped bar staying in its cell. */
function splitRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (row[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  cells.push(cell.trim());
  return cells;
}

/** One line: code spans kept as their text, links as `text (url)`, bold marks and escapes removed. */
function inline(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1])) {
      out += text[i + 1];
      i += 2;
    } else if (c === '`') {
      // A code span: its fence is a run of backticks, and it ends at the same run; its text is literal.
      const fence = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(fence, i + fence.length);
      if (end < 0) {
        out += fence;
        i += fence.length;
        continue;
      }
      let code = text.slice(i + fence.length, end);
      if (code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      out += code;
      i = end + fence.length;
    } else if (c === '[') {
      const link = /^\[([^\]]*)\]\(([^)\s]*)\)/.exec(text.slice(i));
      if (link) {
        out += `${inline(link[1])} (${link[2]})`;
        i += link[0].length;
      } else {
        out += c;
        i++;
      }
    } else if (c === '*' && text[i + 1] === '*') {
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
