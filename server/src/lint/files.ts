/**
 * Which files `lint` reads, and how. The folders come from a repository a stranger may have written: a
 * link can lead to `~/.aws/credentials`, a FIFO blocks a reader for ever, a device never ends, a huge
 * file exhausts memory. So folders are walked without following links out of the folder, only regular
 * files are opened, and no file is read past a size cap.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
} from 'node:fs';
import path from 'node:path';
import { matchesAny } from '../service/glob';
import { describeUtf8Error, firstUtf8Error } from './utf8';

/** Larger files are refused without being read: the service does not analyse past this either. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** How deep and how many entries a walk goes, so that a hostile tree cannot keep the linter busy. */
const MAX_DEPTH = 40;
const MAX_ENTRIES = 200_000;

/** Folders that hold other people's code or version control data, never the project's own files. */
const PRUNED = new Set(['node_modules', '.git', '.hg', '.svn']);
/** The extensions a buildspec or AppSpec can have. */
const CANDIDATE = /\.(ya?ml|json)$/i;

/** The reason of entries left out by --exclude: counted, not listed, unless the user asks. */
export const EXCLUDED = 'excluded';

export interface Candidate {
  /** The path to print: as given, or joined under the folder given. */
  readonly path: string;
  /** The real path to open (a link's target, checked to be inside the root). */
  readonly realPath: string;
  /** Given by name on the command line (not found in a folder). */
  readonly explicit: boolean;
}

export interface Skip {
  readonly path: string;
  readonly reason: string;
}

export interface Discovery {
  readonly candidates: Candidate[];
  /** Entries left out, with why: links leading out, FIFOs and devices, excluded files. */
  readonly skipped: Skip[];
  /** What could not be read at all: each makes the run fail. */
  readonly problems: Skip[];
}

export interface DiscoverOptions {
  /** Globs a file found in a folder must match (relative to that folder); none means every YAML/JSON file. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** The root that links of files given by name must stay in. */
  readonly cwd: string;
}

const inside = (root: string, p: string) =>
  p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of links';
    default:
      return err.code ?? err.message;
  }
}

/** The files to lint: files given by name, and the YAML and JSON files inside the folders given. */
export function discover(inputs: readonly string[], options: DiscoverOptions): Discovery {
  const out: Discovery = { candidates: [], skipped: [], problems: [] };
  const seen = new Set<string>();
  let entries = 0;
  const add = (c: Candidate) => {
    if (seen.has(c.realPath)) return;
    seen.add(c.realPath);
    out.candidates.push(c);
  };

  const walk = (dir: string, rel: string, root: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      out.skipped.push({ path: dir, reason: `nested more than ${MAX_DEPTH} folders deep` });
      return;
    }
    let list;
    try {
      list = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (e) {
      out.problems.push({ path: dir, reason: reasonOf(e) });
      return;
    }
    for (const entry of list) {
      if (++entries > MAX_ENTRIES) {
        out.problems.push({ path: dir, reason: `more than ${MAX_ENTRIES} entries; lint fewer folders` });
        return;
      }
      const p = path.join(dir, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (PRUNED.has(entry.name)) continue;
        // `dir/**` names what is inside the folder: the folder itself is left out whole.
        if (matchesAny(r, options.exclude) || matchesAny(`${r}/`, options.exclude))
          out.skipped.push({ path: p, reason: EXCLUDED });
        else walk(p, r, root, depth + 1);
        continue;
      }
      let realPath = path.join(root, ...r.split('/'));
      if (entry.isSymbolicLink()) {
        try {
          realPath = realpathSync(p);
        } catch (e) {
          out.skipped.push({ path: p, reason: `a broken link: ${reasonOf(e)}` });
          continue;
        }
        if (!inside(root, realPath)) {
          out.skipped.push({ path: p, reason: 'a link leading outside the folder' });
          continue;
        }
        const target = lstatSync(realPath);
        // A link to a folder inside the root: that folder is walked by its own name.
        if (target.isDirectory()) continue;
        if (!target.isFile()) {
          out.skipped.push({ path: p, reason: 'a link to something that is not a regular file' });
          continue;
        }
      } else if (!entry.isFile()) {
        if (CANDIDATE.test(entry.name)) out.skipped.push({ path: p, reason: 'not a regular file' });
        continue;
      }
      if (!CANDIDATE.test(entry.name)) continue;
      if (options.include.length && !matchesAny(r, options.include)) continue;
      if (matchesAny(r, options.exclude)) {
        out.skipped.push({ path: p, reason: EXCLUDED });
        continue;
      }
      add({ path: p, realPath, explicit: false });
    }
  };

  const cwdRoot = realpathSync(options.cwd);
  for (const input of inputs) {
    let stat;
    try {
      stat = lstatSync(input);
    } catch (e) {
      out.problems.push({ path: input, reason: reasonOf(e) });
      continue;
    }
    let realPath: string;
    try {
      realPath = realpathSync(input);
    } catch (e) {
      out.problems.push({ path: input, reason: reasonOf(e) });
      continue;
    }
    if (stat.isSymbolicLink() && !inside(cwdRoot, realPath)) {
      out.problems.push({
        path: input,
        reason: 'a link leading outside the current folder; give its target instead',
      });
      continue;
    }
    const target = stat.isSymbolicLink() ? lstatSync(realPath) : stat;
    if (target.isDirectory()) walk(input, '', realPath, 0);
    else if (target.isFile()) add({ path: input, realPath, explicit: true });
    else out.problems.push({ path: input, reason: 'not a regular file' });
  }
  return out;
}

export const NOT_UTF8 = 'not UTF-8 text';

export type ReadResult =
  | { readonly text: string }
  | {
      readonly refused: string;
      readonly tooLarge?: boolean;
      /** For a file that is not UTF-8: its text with each bad sequence replaced, to tell what it is. */
      readonly lossyText?: string;
    };

/**
 * The text of a file, read through one descriptor: opened without following a link and without
 * blocking (a file swapped for a FIFO since the walk), checked to be regular and under the cap before
 * anything is read, never read past the cap. A leading byte order mark is dropped, as editors do, so
 * columns match what the user sees.
 */
export function readCapped(realPath: string, cap = MAX_FILE_BYTES): ReadResult {
  let fd: number;
  try {
    fd = openSync(realPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return { refused: reasonOf(e) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { refused: 'not a regular file' };
    if (stat.size > cap)
      return { refused: `${formatSize(stat.size)}, over the ${formatSize(cap)} limit`, tooLarge: true };
    // One byte more than the cap shows a file that grew since fstat.
    const buffer = Buffer.alloc(Math.min(stat.size, cap) + 1);
    let length = 0;
    for (
      let n;
      length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;
    )
      length += n;
    if (length > cap) return { refused: `over the ${formatSize(cap)} limit`, tooLarge: true };
    const bytes = buffer.subarray(0, length);
    const bad = firstUtf8Error(bytes);
    const text = new TextDecoder('utf-8').decode(bytes);
    const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (bad) return { refused: `${NOT_UTF8}: ${describeUtf8Error(bad)}`, lossyText: withoutBom };
    return { text: withoutBom };
  } catch (e) {
    return { refused: reasonOf(e) };
  } finally {
    closeSync(fd);
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
