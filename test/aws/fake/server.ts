// A local AWS endpoint for CodeBuild, CodePipeline, CloudWatch Logs (AWS JSON 1.1: POST / with
// X-Amz-Target) and STS AssumeRole (Query protocol). The real SDK clients talk to it through
// AWS_ENDPOINT_URL. It insists on a SigV4 Authorization header but accepts any key, checks every
// request against the service's API model (model.ts), counts calls per operation, and injects faults
// (before the work, or after it, as a lost response). Time is a fake clock the test moves with
// `advance()`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodeBuildService } from './codebuild';
import { CodePipelineService } from './codepipeline';
import { Faults, type FaultRule } from './faults';
import { LogStore } from './logstore';
import { VALIDATION_ERROR, validateRequest } from './model';
import { ACCOUNT, ServiceError, toWire, uuid, type Handler, type Json } from './protocol';
import { StsService, stsError } from './sts';

export interface FakeOptions {
  /** 0 (default): a free port. */
  port?: number;
  region?: string;
  pipelines?: number;
  projects?: number;
  /** Finished executions each seeded pipeline already has. */
  executionsPerPipeline?: number;
  /** Finished builds each seeded project already has. */
  buildsPerProject?: number;
  /** Fake-clock milliseconds per tick. */
  stepMs?: number;
  /** Tick on real time every this many ms (sandbox use); 0: only when `advance()` is called. */
  autoAdvanceMs?: number;
  /** Seed of the fault generator. */
  faultSeed?: number;
  /** Log lines per build phase. */
  linesPerPhase?: number;
  /** Where the fake clock starts (ms since the epoch); default now, to the second. A seed that plays
   * out some history (story.ts) starts it in the past so that its history ends now. */
  clockStartMs?: number;
}

const TARGETS: Record<string, string> = {
  CodeBuild_20161006: 'CodeBuild',
  CodePipeline_20150709: 'CodePipeline',
  Logs_20140328: 'Logs',
};
const IAM: Record<string, string> = {
  CodeBuild: 'codebuild',
  CodePipeline: 'codepipeline',
  Logs: 'logs',
  STS: 'sts',
};
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

export class FakeAws {
  readonly region: string;
  readonly faults: Faults;
  readonly logs: LogStore;
  readonly codebuild: CodeBuildService;
  readonly codepipeline: CodePipelineService;
  readonly sts: StsService;
  /** Requests received per `Service.Operation`, faulted ones included. */
  readonly calls = new Map<string, number>();
  /** Access key id of each signed request, in order. */
  readonly accessKeys: string[] = [];
  /** Requests being handled now, and the most at once since the last `resetCounts()`. */
  inFlight = 0;
  peakInFlight = 0;
  private clockMs = Math.floor(Date.now() / 1000) * 1000;
  private server: Server | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly handlers: Record<string, Record<string, Handler>>;
  url = '';

  constructor(readonly options: FakeOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    if (options.clockStartMs !== undefined) this.clockMs = options.clockStartMs;
    this.faults = new Faults(options.faultSeed ?? 1);
    const now = () => new Date(this.clockMs);
    this.logs = new LogStore(() => this.clockMs, this.region);
    this.codebuild = new CodeBuildService(this.region, this.logs, now, options.linesPerPhase ?? 3);
    this.codepipeline = new CodePipelineService(this.region, this.codebuild, now);
    this.sts = new StsService(now);
    this.handlers = {
      CodeBuild: this.codebuild.handlers,
      CodePipeline: this.codepipeline.handlers,
      Logs: this.logs.handlers,
    };
    const projects = options.projects ?? 3;
    const width = (n: number) => String(Math.max(0, n - 1)).length;
    for (let i = 0; i < projects; i++) {
      const name = `project-${String(i).padStart(width(projects), '0')}`;
      this.codebuild.addProject(name);
      this.codebuild.seedBuilds(name, options.buildsPerProject ?? 1);
    }
    const pipelines = options.pipelines ?? 3;
    const projectNames = [...this.codebuild.projects.keys()];
    for (let i = 0; i < pipelines; i++) {
      const name = `pipeline-${String(i).padStart(width(pipelines), '0')}`;
      this.codepipeline.addPipeline(
        name,
        projectNames[i % Math.max(1, projectNames.length)] ?? 'none',
        options.executionsPerPipeline ?? 1,
      );
    }
  }

  /** Listens on 127.0.0.1; resolves to the endpoint URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (this.options.autoAdvanceMs)
      this.ticker = setInterval(() => this.advance(), this.options.autoAdvanceMs);
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Moves the clock on `ticks` steps; builds and executions move one step each. */
  advance(ticks = 1): void {
    for (let i = 0; i < ticks; i++) {
      this.clockMs += this.options.stepMs ?? 5000;
      this.codepipeline.advance();
      this.codebuild.advance();
    }
  }

  /** Ticks until `done()` holds; throws after `maxTicks`. */
  advanceUntil(done: () => boolean, maxTicks = 500): void {
    for (let i = 0; i < maxTicks && !done(); i++) this.advance();
    if (!done()) throw new Error(`still not done after ${maxTicks} ticks`);
  }

  /** Calls made to an operation (`BatchGetBuilds` or `CodeBuild.BatchGetBuilds`), or to all. */
  count(operation?: string): number {
    let n = 0;
    for (const [key, v] of this.calls)
      if (!operation || key === operation || key.endsWith(`.${operation}`)) n += v;
    return n;
  }

  resetCounts(): void {
    this.calls.clear();
    this.accessKeys.length = 0;
    this.peakInFlight = this.inFlight;
  }

  /** Shorthand for `faults.add`. */
  inject(rule: FaultRule): () => void {
    return this.faults.add(rule);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      await this.serve(req, res);
    } finally {
      this.inFlight--;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    const isQuery = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    let service = 'Unknown';
    let op = 'Unknown';
    let input: Json = {};
    let form: URLSearchParams | undefined;
    if (typeof target === 'string') {
      const [prefix, name] = target.split('.');
      service = TARGETS[prefix] ?? prefix;
      op = name ?? '';
      try {
        input = body ? (JSON.parse(body) as Json) : {};
      } catch {
        return this.fail(res, service, new ServiceError('SerializationException', 'Malformed JSON body'));
      }
    } else if (isQuery) {
      form = new URLSearchParams(body);
      service = 'STS';
      op = form.get('Action') ?? 'Unknown';
    }
    const key = `${service}.${op}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    const resources = resourcesOf(input);
    const latency = this.faults.latencyFor(key, resources);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));

    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      return this.fail(
        res,
        service,
        new ServiceError('UnknownOperationException', 'Only POST / is served', 404),
      );
    }
    const auth = req.headers.authorization;
    if (!auth)
      return this.fail(
        res,
        service,
        new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
      );
    const sig = SIGV4.exec(auth);
    if (!sig)
      return this.fail(
        res,
        service,
        new ServiceError('IncompleteSignatureException', 'Authorization header is not a SigV4 signature'),
      );
    this.accessKeys.push(sig[1]);

    const fault = this.faults.pick(key, resources);
    const lost = fault?.afterWork ? fault : undefined;
    if (fault && !lost) {
      if (fault.kind === 'drop') return void req.socket.destroy();
      return this.fail(res, service, faultError(fault.kind, service, op, resources[0], req));
    }

    try {
      if (service === 'STS' && form) {
        const xml = this.sts.handle(form);
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': uuid() });
        res.end(xml);
        return;
      }
      validateRequest(service, op, input);
      const streaming = service === 'Logs' ? this.logs.streamHandlers[op] : undefined;
      if (streaming) return streaming(input, res);
      const handler = this.handlers[service]?.[op];
      if (!handler)
        throw new ServiceError('UnknownOperationException', `Operation ${key} is not served by the fake`);
      const out = await handler(input);
      // The work is done; the caller never hears of it.
      if (lost?.kind === 'drop') return void req.socket.destroy();
      if (lost) return this.fail(res, service, faultError(lost.kind, service, op, resources[0], req));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': uuid() });
      res.end(JSON.stringify(toWire(out)));
    } catch (err) {
      let e = err instanceof ServiceError ? err : new ServiceError('InternalFailure', String(err), 500);
      // A handler's own check of a member speaks as its service does (CodeBuild, Logs have their own).
      const own = VALIDATION_ERROR[service];
      if (e.type === 'ValidationException' && own) e = new ServiceError(own, e.message, e.status);
      this.fail(res, service, e);
    }
  }

  private fail(res: ServerResponse, service: string, e: ServiceError): void {
    if (service === 'STS') {
      res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': uuid() });
      res.end(stsError(e.type, e.message));
      return;
    }
    res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': uuid() });
    res.end(JSON.stringify({ __type: e.type, message: e.message }));
  }
}

function faultError(
  kind: FaultRule['kind'],
  service: string,
  op: string,
  resource: string | undefined,
  req: IncomingMessage,
): ServiceError {
  switch (kind) {
    case 'throttle':
    case 'rateLimit':
      return new ServiceError('ThrottlingException', 'Rate exceeded');
    case 'serverError':
      return new ServiceError(
        'InternalFailure',
        'The request processing has failed because of an unknown error.',
        500,
      );
    case 'unavailable':
      return new ServiceError('ServiceUnavailableException', 'Service is unavailable', 503);
    case 'expiredToken':
      return new ServiceError(
        'ExpiredTokenException',
        'The security token included in the request is expired',
      );
    case 'accessDenied': {
      const action = `${IAM[service] ?? service.toLowerCase()}:${op}`;
      const arn = `arn:aws:${IAM[service] ?? 'x'}:us-east-1:${ACCOUNT}:${resource ?? '*'}`;
      return new ServiceError(
        'AccessDeniedException',
        `User: arn:aws:iam::${ACCOUNT}:user/fake is not authorized to perform: ${action} on resource: ${arn} because no identity-based policy allows the ${action} action`,
      );
    }
    case 'leakySecrets':
      return new ServiceError(
        'InvalidInputException',
        `Bad request: Authorization: ${String(req.headers.authorization)} X-Amz-Security-Token=${String(req.headers['x-amz-security-token'])}`,
      );
    default:
      return new ServiceError('InternalFailure', `unexpected fault ${kind}`, 500);
  }
}

function resourcesOf(input: Json): string[] {
  const out: string[] = [];
  for (const k of ['name', 'pipelineName', 'projectName', 'id', 'logStreamName', 'logGroupName']) {
    const v = input[k];
    if (typeof v === 'string') out.push(v);
  }
  for (const k of ['ids', 'names']) {
    const v = input[k];
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a fake on a free port. */
export async function startFake(options: FakeOptions = {}): Promise<FakeAws> {
  const fake = new FakeAws(options);
  await fake.start();
  return fake;
}
