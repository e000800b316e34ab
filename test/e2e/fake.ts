// The AWS fake for the real-host runs: the wire-protocol fake of test/aws/fake on a free port, with its
// clock ticking in real time (one second per second), plus a small control server the in-host suites
// use to inject faults and read call counts. Started by run.mjs with `node --import tsx`; prints one
// JSON line `{"url": ..., "control": ...}` once both listen.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultRule } from '../aws/fake/faults';
import { startFake } from '../aws/fake/server';

async function main(): Promise<void> {
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
  await fake.codepipeline.handlers.StartPipelineExecution({ name: 'pipeline-2' });
  await fake.codepipeline.handlers.StartPipelineExecution({ name: 'pipeline-3' });

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
              ? { buildspecOverride: b.buildspecOverride ?? null, sourceVersion: b.sourceVersion }
              : null;
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
