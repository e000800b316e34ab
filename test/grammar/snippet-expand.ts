// Expands VS Code snippet bodies the way the editor does when the user accepts every default:
// `${1:default}` gives its default, `${1|a,b|}` its first choice (or a chosen one), `$1` mirrors tab stop 1.

export interface Expansion {
  /** Tab stop number → the choices it offers (only for `${n|a,b|}`). */
  choices: Map<number, string[]>;
  /** Tab stop numbers that appear, in order of first appearance. */
  tabStops: number[];
}

/** Thrown for text VS Code would not read as we mean it, e.g. `$HOME` (a snippet variable, not shell). */
export class SnippetSyntaxError extends Error {}

type Node =
  string | { stop: number; kind: 'placeholder' | 'choice' | 'mirror'; children: Node[]; options: string[] };

function parse(src: string, start: number, inPlaceholder: boolean): { nodes: Node[]; end: number } {
  const nodes: Node[] = [];
  let text = '';
  let i = start;
  const flush = () => {
    if (text) nodes.push(text);
    text = '';
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1])) {
      text += src[i + 1];
      i += 2;
    } else if (c === '}' && inPlaceholder) {
      flush();
      return { nodes, end: i + 1 };
    } else if (c === '$') {
      const simple = /^\$(\d+)/.exec(src.slice(i));
      const braced = /^\$\{(\d+)([:|}])/.exec(src.slice(i));
      if (simple) {
        flush();
        nodes.push({ stop: Number(simple[1]), kind: 'mirror', children: [], options: [] });
        i += simple[0].length;
      } else if (braced && braced[2] === '}') {
        flush();
        nodes.push({ stop: Number(braced[1]), kind: 'mirror', children: [], options: [] });
        i += braced[0].length;
      } else if (braced && braced[2] === ':') {
        flush();
        const inner = parse(src, i + braced[0].length, true);
        nodes.push({ stop: Number(braced[1]), kind: 'placeholder', children: inner.nodes, options: [] });
        i = inner.end;
      } else if (braced && braced[2] === '|') {
        flush();
        const close = src.indexOf('|}', i);
        if (close < 0) throw new SnippetSyntaxError(`unclosed choice at ${i}`);
        const options = src.slice(i + braced[0].length, close).split(',');
        nodes.push({ stop: Number(braced[1]), kind: 'choice', children: [], options });
        i = close + 2;
      } else {
        const name = /^\$\{?([A-Za-z_]\w*)/.exec(src.slice(i));
        if (name)
          throw new SnippetSyntaxError(`unescaped $${name[1]} would be a snippet variable; write \\$`);
        text += c;
        i++;
      }
    } else {
      text += c;
      i++;
    }
  }
  if (inPlaceholder) throw new SnippetSyntaxError('unclosed placeholder');
  flush();
  return { nodes, end: i };
}

/** Expands `body` with defaults; `pick` overrides the option chosen for a choice tab stop. */
export function expandSnippet(body: string | string[], pick: Map<number, string> = new Map()): string {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const { nodes } = parse(src, 0, false);
  const values = new Map<number, string>();
  const render = (list: Node[]): string =>
    list
      .map((n) => {
        if (typeof n === 'string') return n;
        if (n.kind === 'mirror') return values.get(n.stop) ?? `\uE000${n.stop}\uE000`;
        const value = n.kind === 'choice' ? (pick.get(n.stop) ?? n.options[0]) : render(n.children);
        if (!values.has(n.stop)) values.set(n.stop, value);
        return values.get(n.stop)!;
      })
      .join('');
  // A mirror may come before the tab stop that defines it; fill those in afterwards.
  return render(nodes).replace(/\uE000(\d+)\uE000/g, (_, n: string) =>
    n === '0' ? '' : (values.get(Number(n)) ?? ''),
  );
}

/** Lists the tab stops and choices of `body`. */
export function describeSnippet(body: string | string[]): Expansion {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const choices = new Map<number, string[]>();
  const tabStops: number[] = [];
  const walk = (list: Node[]) => {
    for (const n of list) {
      if (typeof n === 'string') continue;
      if (!tabStops.includes(n.stop)) tabStops.push(n.stop);
      if (n.kind === 'choice') choices.set(n.stop, n.options);
      walk(n.children);
    }
  };
  walk(parse(src, 0, false).nodes);
  return { choices, tabStops };
}
