/**
 * Where the schema check is in the tree, for its messages: one small link per node as the walk goes
 * down, spelled out (`phases.build.commands[0]`) only when a message names it. Every scalar of the file
 * gets one, on every edit.
 */
export class Trail {
  static readonly ROOT = new Trail(undefined, '');
  private constructor(
    private readonly parent: Trail | undefined,
    /** A key, or a list index. */
    private readonly step: string | number,
  ) {}

  child(step: string | number): Trail {
    return new Trail(this, step);
  }

  get isRoot(): boolean {
    return this.parent === undefined;
  }

  toString(): string {
    if (!this.parent) return '';
    const before = this.parent.toString();
    if (typeof this.step === 'number') return `${before}[${this.step}]`;
    return before ? `${before}.${this.step}` : this.step;
  }
}
