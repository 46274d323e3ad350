/**
 * Wall clock with an adjustable offset, so tests can jump forward instead of
 * sleeping. A frozen clock stands still between `advance` calls, so that what
 * a test reads cannot depend on how long it took.
 */
export class SimClock {
  private offsetMs = 0;
  private readonly source: () => number;

  constructor(startAt?: number, frozen = false) {
    const origin = Date.now();
    this.source = frozen ? () => origin : Date.now;
    if (startAt !== undefined) this.offsetMs = startAt - origin;
  }

  now(): number {
    return this.source() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
