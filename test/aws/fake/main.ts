// Sandbox entry: `node --import tsx test/aws/fake/main.ts --port 4566 [--pipelines 20] [--projects 10]
// [--tick-ms 2000] [--latency-ms 50]`. Prints the environment to point an AWS client at it.
import { parseArgs } from 'node:util';
import { FakeAws } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    region: { type: 'string', default: 'us-east-1' },
    pipelines: { type: 'string', default: '12' },
    projects: { type: 'string', default: '6' },
    'tick-ms': { type: 'string', default: '2000' },
    'latency-ms': { type: 'string', default: '0' },
  },
});

async function main(): Promise<void> {
  const fake = new FakeAws({
    port: Number(values.port),
    region: values.region,
    pipelines: Number(values.pipelines),
    projects: Number(values.projects),
    stepMs: Number(values['tick-ms']),
    autoAdvanceMs: Number(values['tick-ms']),
  });
  fake.faults.latencyMs = Number(values['latency-ms']);
  const url = await fake.start();
  console.log(`fake AWS (CodeBuild, CodePipeline, CloudWatch Logs, STS) listening on ${url}`);
  console.log(
    `  AWS_ENDPOINT_URL=${url} AWS_REGION=${fake.region} AWS_ACCESS_KEY_ID=AKIAFAKE AWS_SECRET_ACCESS_KEY=fake`,
  );
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
