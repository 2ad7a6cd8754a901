import type { Clock } from '../../src/platform/clock.ts';

/** A wall clock a test moves by hand, to expire sessions and login throttles without waiting. */
export class TestWallClock implements Clock {
  readonly mode = 'system' as const;
  private t = Date.now();
  now(): Date {
    return new Date(this.t);
  }
  async refresh(): Promise<void> {}
  advanceMinutes(m: number): void {
    this.t += m * 60_000;
  }
}
