// The Git repository open in the editor: its current branch and its remote. Read from the built-in Git
// extension when it runs, else straight from `.git` (HEAD and config), which costs two small file reads
// and works before the Git extension has activated or when it is disabled.
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MAX_CONFIG_CHARS, remoteFromConfig } from './repoMatch';

/** `.git` files, HEAD and commondir are one line; more than this is not a repository we read. */
const MAX_SMALL_FILE = 4096;
/** A remote URL longer than this is not matched against pipelines. */
const MAX_REMOTE_URL = 2048;

/**
 * The first `max` bytes of a regular file as UTF-8: a cloned repository's files can be any size, and
 * a FIFO in their place would block a plain open (hence O_NONBLOCK, then the file-type check).
 */
async function readStart(file: string, max: number): Promise<string> {
  const handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file`);
    const buf = Buffer.alloc(max);
    const { bytesRead } = await handle.read(buf, 0, max, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface RepoInfo {
  /** The workspace folder's path. */
  root: string;
  /** The checked-out branch; undefined on a detached HEAD. */
  branch?: string;
  /** The URL of `origin`, or of the first remote. */
  remoteUrl?: string;
}

interface GitApi {
  repositories: {
    rootUri: vscode.Uri;
    state: { HEAD?: { name?: string }; remotes: { name: string; fetchUrl?: string; pushUrl?: string }[] };
  }[];
}

function fromExtension(): RepoInfo | undefined {
  const git = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
  if (!git?.isActive) return undefined;
  try {
    const repo = git.exports.getAPI(1).repositories[0];
    if (!repo) return undefined;
    const remote = repo.state.remotes.find((r) => r.name === 'origin') ?? repo.state.remotes[0];
    const url = remote?.fetchUrl ?? remote?.pushUrl;
    return {
      root: repo.rootUri.fsPath,
      branch: repo.state.HEAD?.name,
      remoteUrl: url && url.length <= MAX_REMOTE_URL ? url : undefined,
    };
  } catch {
    return undefined;
  }
}

/** `.git` may be a directory or, in a worktree or submodule, a file naming the real one. */
async function gitDir(root: string): Promise<string | undefined> {
  const dotGit = path.join(root, '.git');
  try {
    const stat = await fs.stat(dotGit);
    if (stat.isDirectory()) return dotGit;
    const text = await readStart(dotGit, MAX_SMALL_FILE);
    const line = text.split('\n', 1)[0].trim();
    return line.startsWith('gitdir:') ? path.resolve(root, line.slice('gitdir:'.length).trim()) : undefined;
  } catch {
    return undefined;
  }
}

async function fromFiles(root: string): Promise<RepoInfo | undefined> {
  const dir = await gitDir(root);
  if (!dir) return undefined;
  try {
    const head = (await readStart(path.join(dir, 'HEAD'), MAX_SMALL_FILE)).split('\n', 1)[0].trim();
    const branch = head.startsWith('ref:')
      ? /^refs\/heads\/(.+)$/.exec(head.slice('ref:'.length).trim())?.[1]?.trim()
      : undefined;
    // A worktree's config lives in the common directory.
    const common = await readStart(path.join(dir, 'commondir'), MAX_SMALL_FILE)
      .then((c) => path.resolve(dir, c.trim()))
      .catch(() => dir);
    // Bytes, not characters: the parser's own cap then applies to what was read.
    const config = await readStart(path.join(common, 'config'), MAX_CONFIG_CHARS).catch(() => '');
    const url = remoteFromConfig(config);
    return { root, branch, remoteUrl: url && url.length <= MAX_REMOTE_URL ? url : undefined };
  } catch {
    return undefined;
  }
}

/** The repository of the first workspace folder that is one. */
export async function currentRepo(): Promise<RepoInfo | undefined> {
  const viaExtension = fromExtension();
  if (viaExtension) return viaExtension;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const info = await fromFiles(folder.uri.fsPath);
    if (info) return info;
  }
  return undefined;
}

/** The current branch, or '' outside a repository. */
export async function currentBranch(): Promise<string> {
  return (await currentRepo())?.branch ?? '';
}
