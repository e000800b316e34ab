// Which pipelines build the repository and branch open in the editor: the repository named by a Git
// remote URL, the repository and branch a pipeline's source actions read, and whether they meet. Pure:
// no VS Code, no AWS, no file system.
import type { PipelineDefinition } from '../aws/types';

/** A repository as both sides can name it: host kind and a lower-case path (`owner/repo`, `name`). */
export interface RepoId {
  host: 'github' | 'bitbucket' | 'gitlab' | 'codecommit' | 'other';
  path: string;
}

export interface PipelineSource {
  repo: RepoId;
  /** Undefined when the source does not fix a branch (V2 triggers choose it). */
  branch?: string;
}

/**
 * The repository a remote URL points at: https, ssh (`git@host:owner/repo.git`), CodeCommit's https
 * and `codecommit::region://name` / `codecommit://profile@name` (git-remote-codecommit) forms.
 */
export function repoFromRemote(url: string): RepoId | undefined {
  const u = url.trim();
  const grc = /^codecommit:(?::[\w-]+:)?\/\/(?:[^@/]+@)?([^/\s]+)$/i.exec(u);
  if (grc) return { host: 'codecommit', path: grc[1].toLowerCase() };
  const cc = /git-codecommit\.[\w-]+\.amazonaws\.com(?:\.cn)?\/v1\/repos\/([^/\s]+?)(?:\.git)?\/?$/i.exec(u);
  if (cc) return { host: 'codecommit', path: cc[1].toLowerCase() };
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/i.exec(u) ?? undefined;
  if (!m) return undefined;
  const host = m[1].toLowerCase();
  const path = m[2].replace(/^\/+/, '').toLowerCase();
  if (!path.includes('/') && !host.includes('codecommit')) return undefined;
  const kind: RepoId['host'] = host.endsWith('github.com')
    ? 'github'
    : host.endsWith('bitbucket.org')
      ? 'bitbucket'
      : host.endsWith('gitlab.com')
        ? 'gitlab'
        : 'other';
  return { host: kind, path };
}

/** The repositories (and branches) a pipeline's source actions read. */
export function pipelineSources(definition: Pick<PipelineDefinition, 'stages'>): PipelineSource[] {
  const out: PipelineSource[] = [];
  for (const stage of definition.stages) {
    for (const a of stage.actions) {
      if (a.category !== 'Source') continue;
      const c = a.configuration;
      const branch = c.BranchName || c.Branch || undefined;
      if (a.provider === 'CodeStarSourceConnection' && c.FullRepositoryId) {
        // The connection's host (GitHub, Bitbucket, GitLab) is not in the action; match on the path.
        out.push({ repo: { host: 'other', path: c.FullRepositoryId.toLowerCase() }, branch });
      } else if (a.provider === 'GitHub' && c.Owner && c.Repo) {
        out.push({ repo: { host: 'github', path: `${c.Owner}/${c.Repo}`.toLowerCase() }, branch });
      } else if (a.provider === 'CodeCommit' && c.RepositoryName) {
        out.push({ repo: { host: 'codecommit', path: c.RepositoryName.toLowerCase() }, branch });
      }
    }
  }
  return out;
}

/** Whether a source reads this repository at this branch (a source without a branch matches any). */
export function sourceMatches(source: PipelineSource, repo: RepoId, branch: string | undefined): boolean {
  const sameHost =
    source.repo.host === repo.host ||
    (source.repo.host === 'other' && repo.host !== 'codecommit') ||
    (repo.host === 'other' && source.repo.host !== 'codecommit');
  if (!sameHost || source.repo.path !== repo.path) return false;
  return source.branch === undefined || branch === undefined || source.branch === branch;
}

/** The remote URL from a git config's text: `origin` first, else the first remote. */
export function remoteFromConfig(config: string): string | undefined {
  const remotes: { name: string; url?: string }[] = [];
  let current: { name: string; url?: string } | undefined;
  for (const line of config.split(/\r?\n/)) {
    const section = /^\s*\[\s*remote\s+"([^"]+)"\s*\]/.exec(line);
    if (section) {
      current = { name: section[1] };
      remotes.push(current);
      continue;
    }
    if (/^\s*\[/.test(line)) current = undefined;
    const url = /^\s*url\s*=\s*(.+?)\s*$/.exec(line);
    if (url && current && current.url === undefined) current.url = url[1];
  }
  return (remotes.find((r) => r.name === 'origin') ?? remotes[0])?.url;
}
