/** What a buildspec says about where it runs: its image and runner comments, else the user's setting. */

export interface BuildspecOptions {
  /** The image the project builds on (from settings), for runtime-version checks. */
  readonly image?: string;
}

const IMAGE_COMMENT = /^#\s*codebuild-image:\s*(\S+)/m;

/** The image pinned by a `# codebuild-image:` comment, else by settings. */
export function pinnedImage(text: string, options: BuildspecOptions): string | undefined {
  return IMAGE_COMMENT.exec(text)?.[1] ?? (options.image || undefined);
}

/**
 * Runner projects whose buildspec CodeBuild runs around a self-hosted runner (docs/knowledge.md, "Runner
 * projects"): the runner takes the build phase.
 */
export const RUNNERS = {
  'github-actions': 'GitHub Actions',
  buildkite: 'Buildkite',
} as const;

export type Runner = keyof typeof RUNNERS;

const RUNNER_COMMENT = /^#\s*codebuild-runner:\s*(\S+)/m;

/**
 * The runner a `# codebuild-runner:` comment names. Nothing in a buildspec itself shows that it belongs to
 * a runner project (the runner is chosen by the workflow's labels), so only the file's own word counts.
 */
export function runnerOf(text: string): Runner | undefined {
  const name = RUNNER_COMMENT.exec(text)?.[1].toLowerCase();
  return name && Object.hasOwn(RUNNERS, name) ? (name as Runner) : undefined;
}
