/**
 * Where a long step's time went, phase by phase, for its log event (`phasesMs`): the end of each
 * phase marked in turn, each phase's milliseconds reported. Analysts and benchmarks read them to
 * see which part of a stage grew, without a profiler.
 */
export class PhaseTimes {
  private readonly ends: [phase: string, at: number][] = [];

  mark(phase: string): void {
    this.ends.push([phase, performance.now()]);
  }

  /** Each phase's duration in ms, the first counted from `start` (a `performance.now()`). */
  since(start: number): Record<string, number> {
    const out: Record<string, number> = {};
    let from = start;
    for (const [phase, at] of this.ends) {
      out[phase] = Math.round(at - from);
      from = at;
    }
    return out;
  }
}
