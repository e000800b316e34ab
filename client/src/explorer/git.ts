// The Git repository open in the editor: its current branch and its remote. Read from the built-in Git
// extension when it runs, else straight from `.git` (HEAD and config), which costs two small file reads
// and works before the Git extension has activated or when it is disabled.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { remoteFromConfig } from './repoMatch';

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
    return {
      root: repo.rootUri.fsPath,
      branch: repo.state.HEAD?.name,
      remoteUrl: remote?.fetchUrl ?? remote?.pushUrl,
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
    const m = /^gitdir:\s*(.+)$/m.exec(await fs.readFile(dotGit, 'utf8'));
    return m ? path.resolve(root, m[1].trim()) : undefined;
  } catch {
    return undefined;
  }
}

async function fromFiles(root: string): Promise<RepoInfo | undefined> {
  const dir = await gitDir(root);
  if (!dir) return undefined;
  try {
    const head = await fs.readFile(path.join(dir, 'HEAD'), 'utf8');
    const branch = /^ref:\s*refs\/heads\/(.+)$/m.exec(head)?.[1]?.trim();
    // A worktree's config lives in the common directory.
    const common = await fs
      .readFile(path.join(dir, 'commondir'), 'utf8')
      .then((c) => path.resolve(dir, c.trim()))
      .catch(() => dir);
    const config = await fs.readFile(path.join(common, 'config'), 'utf8').catch(() => '');
    return { root, branch, remoteUrl: remoteFromConfig(config) };
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
