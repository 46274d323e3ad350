export interface SimClockOptions {
  /** Epoch ms the clock starts at (default: now). */
  startAt?: number;
  /**
   * Time moves only through `advance()`. Tests use it so that what a run or
   * a token looks like never depends on how fast the machine answers.
   */
  frozen?: boolean;
}

/**
 * The simulator's clock: the wall clock with an adjustable offset, so tests
 * can jump forward instead of sleeping, or (frozen) a clock that only moves
 * when told to.
 */
export class SimClock {
  private readonly frozen: boolean;
  private offsetMs: number;

  constructor(options: SimClockOptions = {}) {
    this.frozen = options.frozen ?? false;
    const startAt = options.startAt ?? Date.now();
    this.offsetMs = this.frozen ? startAt : startAt - Date.now();
  }

  now(): number {
    return this.frozen ? this.offsetMs : Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
