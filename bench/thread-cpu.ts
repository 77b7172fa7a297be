import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system) of each thread of this process, read from /proc (Linux only), so that the
 * ingestion benchmark can say how the work splits between the main thread (the SQLite writer) and
 * the parsing worker. A thread's time disappears from /proc when it exits, so the threads are
 * sampled while the work runs and each keeps the largest value seen; the last interval of a thread
 * that exits is lost (at most `everyMs` of it).
 */
export interface ThreadCpu {
  /** Milliseconds of CPU of the main thread. */
  mainMs: number;
  /** Milliseconds of CPU of the busiest other thread (the parsing worker). */
  busiestOtherMs: number;
  /** Milliseconds of CPU of the whole process (every thread, including those that exited). */
  processMs: number;
}

export function sampleThreadCpu(everyMs = 100): { stop(): ThreadCpu | null } {
  const taskDir = `/proc/${process.pid}/task`;
  let available = true;
  const read = (): Map<string, number> => {
    const out = new Map<string, number>();
    try {
      for (const tid of readdirSync(taskDir)) {
        try {
          // Fields after the command name: state is the 1st, utime the 12th, stime the 13th (clock ticks, 100 a second).
          const fields = readFileSync(`${taskDir}/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
        } catch {
          // the thread exited between readdir and read
        }
      }
    } catch {
      available = false;
    }
    return out;
  };
  const start = read();
  const startProcess = process.cpuUsage();
  const peak = new Map<string, number>();
  const sample = () => {
    for (const [tid, ms] of read()) peak.set(tid, Math.max(peak.get(tid) ?? 0, ms - (start.get(tid) ?? 0)));
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const used = process.cpuUsage(startProcess);
      if (!available) return null;
      const main = String(process.pid);
      let busiestOtherMs = 0;
      for (const [tid, ms] of peak) if (tid !== main) busiestOtherMs = Math.max(busiestOtherMs, ms);
      return { mainMs: peak.get(main) ?? 0, busiestOtherMs, processMs: (used.user + used.system) / 1000 };
    },
  };
}
