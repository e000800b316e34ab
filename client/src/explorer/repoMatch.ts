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

/** How much of a git config is read, and of each line: a real one is a few kilobytes. */
export const MAX_CONFIG_CHARS = 1 << 20;
const MAX_LINE_CHARS = 8192;
const MAX_REMOTES = 1000;

/**
 * The remote URL from a git config's text: `origin` first, else the first remote. One pass over at
 * most MAX_CONFIG_CHARS, lines cut at MAX_LINE_CHARS, and no pattern that can backtrack over a line
 * (a config comes with whatever repository was cloned).
 */
export function remoteFromConfig(config: string): string | undefined {
  const text = config.length > MAX_CONFIG_CHARS ? config.slice(0, MAX_CONFIG_CHARS) : config;
  const remotes: { name: string; url?: string }[] = [];
  let current: { name: string; url?: string } | undefined;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + MAX_LINE_CHARS)).trim();
    start = end + 1;
    if (line.startsWith('[')) {
      current = undefined;
      const section = /^\[\s*remote\s+"([^"]{1,256})"\s*\]/.exec(line);
      if (section && remotes.length < MAX_REMOTES) {
        current = { name: section[1] };
        remotes.push(current);
      }
      continue;
    }
    if (!current || current.url !== undefined) continue;
    const eq = line.indexOf('=');
    if (eq < 0 || line.slice(0, eq).trim().toLowerCase() !== 'url') continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value) current.url = value;
  }
  return (remotes.find((r) => r.name === 'origin') ?? remotes[0])?.url;
}
