// The one store of AWS state: per connection (a profile/region pair), what it knows of CodePipeline
// and CodeBuild, with one change event the views listen to. The only code that fetches pipelines,
// builds and their state for the views; commands report what they did to it. No `vscode` here: the
// account factory, the clock and the log come in, so the unit tests and the benchmark run it in Node.
import type { AwsAdapter, Build } from '../aws';
import type { ProfileRegion } from '../settings/values';
import { BuildStore, type BuildChange } from './builds';
import { Emitter, type Event } from './events';
import { PipelineStore, type PipelineChange } from './pipelines';

/** `default@us-east-1`: how the store keys a profile/region pair. */
export function targetKey(t: ProfileRegion): string {
  return `${t.profile}@${t.region}`;
}

/** A change to what one connection's store holds. */
export type StoreChange = (PipelineChange | BuildChange) & { target: ProfileRegion };

export interface StoreDeps {
  /** The adapter for a connection (the views' trust check is in there). */
  account(target: ProfileRegion): Promise<AwsAdapter>;
  now(): number;
  warn(message: string): void;
}

/** Which connection's store an open account feeds (log sessions hold an account, not a store). */
const owners = new WeakMap<AwsAdapter, ConnectionStore>();

/** Reads a build through the store of its account's connection, so every view of it sees the answer. */
export async function readBuild(account: AwsAdapter, id: string): Promise<Build | undefined> {
  const store = owners.get(account);
  if (store) return (await store.builds.refreshBuilds([id]))[0];
  return (await account.codebuild.batchGetBuilds([id])).found[0];
}

/** What one connection holds. */
export class ConnectionStore {
  readonly builds: BuildStore;
  readonly pipelines: PipelineStore;

  constructor(
    readonly target: ProfileRegion,
    deps: StoreDeps,
    emit: (change: StoreChange) => void,
  ) {
    const account = () =>
      deps.account(target).then((a) => {
        owners.set(a, this);
        return a;
      });
    this.builds = new BuildStore({
      account,
      emit: (c) => emit({ ...c, target }),
      warn: (m) => deps.warn(`Store: ${m}`),
    });
    this.pipelines = new PipelineStore({
      account,
      emit: (c) => emit({ ...c, target }),
      now: () => deps.now(),
      builds: this.builds,
    });
  }

  clear(): void {
    this.pipelines.clear();
    this.builds.clear();
  }
}

export class AwsStore {
  private readonly stores = new Map<string, ConnectionStore>();
  private readonly changed = new Emitter<StoreChange>();
  /** Fires for every change of what is held; views redraw what the change names. */
  readonly onDidChange: Event<StoreChange> = this.changed.event;

  constructor(private readonly deps: StoreDeps) {}

  /** A connection's store, made on first use. */
  of(target: ProfileRegion): ConnectionStore {
    const key = targetKey(target);
    let store = this.stores.get(key);
    if (!store) {
      store = new ConnectionStore({ profile: target.profile, region: target.region }, this.deps, (c) =>
        this.changed.fire(c),
      );
      this.stores.set(key, store);
    }
    return store;
  }

  /** Records that an account opened for a connection feeds its store (before any view used it). */
  adopt(target: ProfileRegion, account: AwsAdapter): void {
    owners.set(account, this.of(target));
  }

  /** Forgets everything held (a refresh, or the connections or the endpoint changed). */
  clear(): void {
    for (const s of this.stores.values()) s.clear();
  }

  dispose(): void {
    this.clear();
    this.stores.clear();
    this.changed.dispose();
  }
}

export { BUILD_PAGE, batchBuildIds, batchIdOf, type BuildRow, type ProjectBuilds } from './builds';
export { errorInfo, isTransient, type ErrorInfo, type Loaded, type Remedy } from './errors';
export {
  EXECUTION_PAGE,
  PIPELINE_PAGE,
  isRunning,
  type PipelineEntry,
  type PipelineInterest,
} from './pipelines';
