/**
 * Runner projects: in a CodeBuild-hosted GitHub Actions or Buildkite runner build, the runner runs in the
 * BUILD phase and CodeBuild runs only the install, pre_build and post_build commands of the buildspec
 * (docs/knowledge.md, "Runner projects"). The file says it is one with `# codebuild-runner: <name>`.
 */
import { runnerOf, RUNNERS } from '../facts/image';
import type { Reporter } from '../findings';
import type { DocumentRoles } from '../model/roles';
import { items } from '../yamlUtil';

export function checkRunner(r: Reporter, roles: DocumentRoles): void {
  const runner = runnerOf(r.doc.text);
  if (!runner) return;
  // The model marks the phase a runner takes; only the file's own phases, not a batch task's.
  const build = roles.all('runnerPhase').find((p) => p.path.length === 2);
  if (!build?.key) return;
  const blocks = [...roles.inside(build, 'phaseCommands'), ...roles.inside(build, 'phaseFinally')];
  if (!blocks.some((b) => items(b.node).length > 0)) return;
  r.report(
    'runner-build-phase',
    `The ${build.name} phase does not run in a ${RUNNERS[runner]} runner project: the runner runs in that phase; move these commands to pre_build or post_build`,
    build.key,
  );
}
