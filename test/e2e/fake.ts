// The AWS fake for the real-host runs: the wire-protocol fake of test/aws/fake on a free port, with its
// clock ticking in real time (one second per second), plus a small control server the in-host suites
// use to inject faults and read call counts. Started by run.mjs with `node --import tsx`; prints one
// JSON line `{"url": ..., "control": ...}` once both listen.
//
// AWS_FAKE_SEED=story seeds the sandbox's story (test/aws/fake/story.ts: what `npm start` shows, and
// what the `sandbox` suite checks) instead of the tests' pipeline-0…3 and project-0…3.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultRule } from '../aws/fake/faults';
import { FakeAws, startFake } from '../aws/fake/server';
import { seedStory, storyOptions, type StoryFacts } from '../aws/fake/story';

/** The tests' seed: four pipelines and projects, one pipeline waiting at its approval, one failing. */
async function testSeed(): Promise<FakeAws> {
  const fake = await startFake({
    pipelines: 4,
    projects: 4,
    buildsPerProject: 12,
    executionsPerPipeline: 2,
    stepMs: 1000,
    autoAdvanceMs: 1000,
  });
  // Something to look at: one pipeline waiting at its approval, one about to fail in its build.
  fake.codebuild.setFailing('project-3');
  // A batch build among project-2's builds.
  fake.codebuild.seedBatch('project-2');
  await fake.codepipeline.handlers.StartPipelineExecution({ name: 'pipeline-2' });
  await fake.codepipeline.handlers.StartPipelineExecution({ name: 'pipeline-3' });
  return fake;
}

/** The sandbox's story, played before the fake listens. */
async function storySeed(): Promise<{ fake: FakeAws; facts: StoryFacts }> {
  const fake = new FakeAws(storyOptions());
  const facts = seedStory(fake);
  await fake.start();
  return { fake, facts };
}

async function main(): Promise<void> {
  const story = process.env.AWS_FAKE_SEED === 'story' ? await storySeed() : undefined;
  const fake = story?.fake ?? (await testSeed());

  const control = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let out: unknown = { ok: true };
      try {
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : {};
        switch (req.url) {
          case '/faults':
            fake.inject(body as FaultRule);
            break;
          case '/clear':
            fake.faults.clear();
            break;
          case '/advance':
            fake.advance(Number((body as { ticks?: number }).ticks ?? 1));
            break;
          case '/story':
            // What the story ended on (the waiting execution, the failed build…); null for the tests' seed.
            out = story?.facts ?? null;
            break;
          case '/counts':
            out = { calls: Object.fromEntries(fake.calls) };
            break;
          case '/reset-counts':
            fake.resetCounts();
            break;
          case '/build': {
            // What CodeBuild received for one build (the buildspec override, the source version).
            const b = fake.codebuild.builds.get(String((body as { id?: unknown }).id));
            out = b
              ? {
                  buildspecOverride: b.buildspecOverride ?? null,
                  sourceVersion: b.sourceVersion,
                  environmentVariables: b.environmentVariables,
                }
              : null;
            break;
          }
          case '/execution': {
            // What CodePipeline recorded for one execution (its status and resolved variables).
            const { pipeline, id } = body as { pipeline?: string; id?: string };
            const e = fake.codepipeline.pipelines
              .get(String(pipeline))
              ?.executions.find((x) => x.pipelineExecutionId === id);
            out = e
              ? { status: e.status, variables: e.variables, statusSummary: e.statusSummary ?? null }
              : null;
            break;
          }
          case '/add-pipelines': {
            // More pipelines than a page holds, for "Load more…"; removed again by /remove-pipelines.
            const { count, prefix } = body as { count?: number; prefix?: string };
            for (let i = 0; i < Number(count ?? 0); i++)
              fake.codepipeline.addPipeline(
                `${prefix ?? 'extra'}-${String(i).padStart(3, '0')}`,
                'project-0',
              );
            break;
          }
          case '/approval-config': {
            // What a pipeline declares for its manual approval: the reviewers' notes and review link.
            const { pipeline, configuration } = body as {
              pipeline?: string;
              configuration?: Record<string, string>;
            };
            const p = fake.codepipeline.pipelines.get(String(pipeline));
            const approval = p?.stages
              .flatMap((st) => st.actions)
              .find((x) => x.actionTypeId.category === 'Approval');
            if (!approval) throw new Error(`no approval action in ${String(pipeline)}`);
            approval.configuration = { ...(configuration ?? {}) };
            break;
          }
          case '/fail-execution': {
            // Ends a running execution as Failed with a status summary of the test's choosing (as
            // whoever configured a pipeline can make AWS report).
            const { pipeline, id, summary } = body as { pipeline?: string; id?: string; summary?: string };
            const e = fake.codepipeline.pipelines
              .get(String(pipeline))
              ?.executions.find((x) => x.pipelineExecutionId === id);
            if (!e) throw new Error(`no execution ${String(id)} of ${String(pipeline)}`);
            e.status = 'Failed';
            e.statusSummary = summary;
            e.lastUpdateTime = new Date();
            break;
          }
          case '/action-url': {
            // The URL an action's latest execution links to (a third party's page, or worse).
            const { pipeline, stage, action, url } = body as Record<string, string | undefined>;
            const x = fake.codepipeline.pipelines
              .get(String(pipeline))
              ?.runs.get(String(stage))
              ?.actions.get(String(action));
            if (!x)
              throw new Error(`no execution of ${String(stage)}/${String(action)} in ${String(pipeline)}`);
            x.externalExecutionUrl = url;
            break;
          }
          case '/remove-pipelines': {
            const { prefix } = body as { prefix?: string };
            for (const name of [...fake.codepipeline.pipelines.keys()])
              if (name.startsWith(`${prefix ?? 'extra'}-`)) fake.codepipeline.pipelines.delete(name);
            break;
          }
          case '/seed-build': {
            // A finished build of a project, for a log that tests then write to with /append-log.
            const [id] = fake.codebuild.seedBuilds(String((body as { project?: unknown }).project), 1);
            out = { id };
            break;
          }
          case '/append-log': {
            // Lines (one event each) at the end of a build's log stream, `repeat` times over.
            const { id, lines, repeat } = body as { id?: unknown; lines?: unknown; repeat?: unknown };
            const b = fake.codebuild.builds.get(String(id));
            if (!b || !Array.isArray(lines)) throw new Error(`no build ${String(id)}, or no lines`);
            const messages = lines.map((l) => `${String(l)}\n`);
            for (let i = 0; i < Math.min(1000, Number(repeat ?? 1)); i++)
              for (let j = 0; j < messages.length; j += 10_000)
                fake.logs.append(b.logs.groupName, b.logs.streamName, ...messages.slice(j, j + 10_000));
            out = { events: fake.logs.events(b.logs.groupName, b.logs.streamName).length };
            break;
          }
          default:
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      } catch (err) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: String(err) }));
      }
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  console.log(JSON.stringify({ url: fake.url, control: controlUrl }));
  const stop = () => {
    control.close();
    void fake.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
