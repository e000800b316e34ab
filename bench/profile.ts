/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `bench/run.ts --profile`): the functions
 * with the most self time and the most inclusive time, mapped through the bundle's source map to the
 * original TypeScript file and line.
 *
 *   node --import tsx bench/profile.ts <file.cpuprofile> [top=25]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const maps = new Map<string, SourceMap | undefined>();

function sourceMapFor(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    let map: SourceMap | undefined;
    try {
      const file = `${fileURLToPath(url)}.map`;
      if (existsSync(file))
        map = new SourceMap(
          JSON.parse(readFileSync(file, 'utf8')) as ConstructorParameters<typeof SourceMap>[0],
        );
    } catch {
      map = undefined;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** `name (file:line)`, in the original source where a source map says. */
function label(f: CallFrame): string {
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  if (f.url.startsWith('file:')) {
    const entry = sourceMapFor(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const src = entry.originalSource.replace(
        /^.*?\/(server\/src|node_modules)\//,
        (_m: string, d: string) => `${d}/`,
      );
      return `${name} (${src}:${entry.originalLine + 1})`;
    }
  }
  const short = f.url
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^file:\/\/.*\/(server|bench)\//, '$1/');
  return `${name} (${short}:${f.lineNumber + 1})`;
}

export function summarizeProfile(profile: Profile, top: number): string {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const labels = new Map(profile.nodes.map((n) => [n.id, label(n.callFrame)]));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const own = labels.get(id) ?? '?';
    self.set(own, (self.get(own) ?? 0) + ms);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const l = labels.get(n) ?? '?';
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  });
  const busy = total - (self.get('(idle)') ?? 0);
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([l]) => !/^\((idle|root|program|garbage collector)\)/.test(l) || l.startsWith('(garbage'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([l, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${l}`,
      )
      .join('\n');
  return [
    `profile: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (not idle)`,
    `\nself time (top ${top}):`,
    list(self),
    `\ninclusive time (top ${top}):`,
    list(inclusive),
  ].join('\n');
}

if (require.main === module) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx bench/profile.ts <file.cpuprofile> [top]');
    process.exitCode = 2;
  } else {
    console.log(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top)));
  }
}
