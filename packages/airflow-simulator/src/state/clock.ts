/** Wall clock with an adjustable offset, so tests can jump forward instead of sleeping. */
export class SimClock {
  private offsetMs = 0;

  constructor(startAt?: number) {
    if (startAt !== undefined) this.offsetMs = startAt - Date.now();
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
