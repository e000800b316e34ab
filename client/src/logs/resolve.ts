// Workspace-relative paths from a build log to files of the open workspace: the first folder that has
// the file wins. Answers are cached for a while, since a log names the same few files many times and
// every link or problem would otherwise stat the disk again.
import * as vscode from 'vscode';

const TTL_MS = 10_000;

export class WorkspaceFiles {
  private readonly cache = new Map<string, { at: number; uri: Promise<vscode.Uri | undefined> }>();

  /** The file a workspace-relative path names, if one of the folders has it. */
  find(relativePath: string): Promise<vscode.Uri | undefined> {
    const hit = this.cache.get(relativePath);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.uri;
    const uri = this.lookup(relativePath);
    this.cache.set(relativePath, { at: Date.now(), uri });
    return uri;
  }

  private async lookup(relativePath: string): Promise<vscode.Uri | undefined> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const candidate = vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
      try {
        const stat = await vscode.workspace.fs.stat(candidate);
        if (stat.type & vscode.FileType.File) return candidate;
      } catch {
        // not in this folder
      }
    }
    return undefined;
  }
}
