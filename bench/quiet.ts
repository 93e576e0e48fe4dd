import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Other work on the machine (test suites, other benchmarks) skews numbers on a 2-core box. Before each
 * timed phase the benchmark samples how busy the CPUs are while it is itself idle, waits a bounded
 * time for that to calm down, and reports what it saw next to the numbers.
 */

function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((s, x) => s + x, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Fraction (0–1) of all CPU time that was busy over `ms`; undefined where /proc/stat is missing. */
export async function busyFraction(ms = 1000): Promise<number | undefined> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return undefined;
  return (b.busy - a.busy) / (b.total - a.total);
}

export interface QuietCheck {
  phase: string;
  /** Busy fraction of the whole machine (other processes; we were idle) when the phase started. */
  busy: number | undefined;
  waitedSeconds: number;
}

/** Waits (at most `maxSeconds`) until other processes use less than `threshold` of the CPUs. */
export async function waitForQuiet(phase: string, maxSeconds: number, threshold = 0.25): Promise<QuietCheck> {
  const started = Date.now();
  let busy = await busyFraction();
  let announced = false;
  while (busy !== undefined && busy > threshold && (Date.now() - started) / 1000 < maxSeconds) {
    if (!announced) {
      console.log(`  (machine busy ${(busy * 100).toFixed(0)}% from other processes before "${phase}"; waiting up to ${maxSeconds} s for it to calm down)`);
      announced = true;
    }
    busy = await busyFraction(2000);
  }
  return { phase, busy, waitedSeconds: (Date.now() - started) / 1000 };
}

/** CPU use during a phase, in cores: the whole machine, and this Node process (PGlite runs inside it). */
export interface CpuUse {
  machine: number | undefined;
  own: number;
}

export function cpuMeter(): { stop: () => CpuUse } {
  const a = cpuTimes();
  const u = process.cpuUsage();
  const t = process.hrtime.bigint();
  return {
    stop: () => {
      const b = cpuTimes();
      const du = process.cpuUsage(u);
      const elapsedUs = Number(process.hrtime.bigint() - t) / 1000;
      const cores = cpus().length;
      const machine = a && b && b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * cores : undefined;
      return { machine, own: (du.user + du.system) / Math.max(1, elapsedUs) };
    },
  };
}
