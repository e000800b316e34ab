// Pinned favourites: pipelines and projects the user wants at the top of their connection, kept in the
// extension's global state (per machine, like the connections), per profile·region. A pinned pipeline
// is shown even when it sits on a page not loaded yet, and is watched for notifications.
import * as vscode from 'vscode';
import { STATE } from '../ids';
import { connectionKey, type ProfileRegion } from './connections';

export type PinKind = 'pipeline' | 'project';

const KEY = STATE.pinned;

export class Pins implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private all(): string[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  private static key(conn: ProfileRegion, kind: PinKind, name: string): string {
    return `${connectionKey(conn)}/${kind}/${name}`;
  }

  has(conn: ProfileRegion, kind: PinKind, name: string): boolean {
    return this.all().includes(Pins.key(conn, kind, name));
  }

  /** The pinned names of a kind under a connection, in the order they were pinned. */
  list(conn: ProfileRegion, kind: PinKind): string[] {
    const prefix = `${connectionKey(conn)}/${kind}/`;
    return this.all()
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length));
  }

  async set(conn: ProfileRegion, kind: PinKind, name: string, pinned: boolean): Promise<void> {
    const key = Pins.key(conn, kind, name);
    const rest = this.all().filter((k) => k !== key);
    await this.state.update(KEY, pinned ? [...rest, key] : rest);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
