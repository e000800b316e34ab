/** The CodeBuild image a buildspec is checked against: its own comment, else the user's setting. */

export interface BuildspecOptions {
  /** The image the project builds on (from settings), for runtime-version checks. */
  readonly image?: string;
}

const IMAGE_COMMENT = /^#\s*codebuild-image:\s*(\S+)/m;

/** The image pinned by a `# codebuild-image:` comment, else by settings. */
export function pinnedImage(text: string, options: BuildspecOptions): string | undefined {
  return IMAGE_COMMENT.exec(text)?.[1] ?? (options.image || undefined);
}
