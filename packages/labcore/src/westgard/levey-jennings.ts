import { evaluateWestgard } from './evaluate.ts';
import { prepareQcResults } from './prepare.ts';
import type { QcResult, QcStatus, WestgardEvaluation, WestgardRuleId } from './types.ts';

export interface LeveyJenningsLine {
  /** −3 … +3 (0 is the mean). */
  z: number;
  label: string;
  /** The line in the level's own units. */
  value: number;
}

/** A stretch of results sharing one target (a new lot or a revised target starts a new segment). */
export interface LeveyJenningsSegment {
  from: number;
  to: number;
  mean: number;
  sd: number;
  lines: LeveyJenningsLine[];
}

export interface LeveyJenningsPoint {
  id: string;
  runId: string;
  time: number;
  value: number;
  z: number;
  excluded: boolean;
  status: QcStatus;
  /** Rules this result took part in breaking (detected in its run). */
  rules: WestgardRuleId[];
}

export interface LeveyJenningsChart {
  /** The shared axis: levels are plotted as z-scores so several share one chart (多水平质控图). */
  zLines: { z: number; label: string }[];
  levels: { level: string; segments: LeveyJenningsSegment[]; points: LeveyJenningsPoint[] }[];
}

const Z_LINES = [3, 2, 1, 0, -1, -2, -3].map((z) => ({ z, label: z === 0 ? 'mean' : `${z > 0 ? '+' : '-'}${Math.abs(z)}SD` }));

/**
 * Data for a Levey-Jennings chart of one test with all its levels: each point's value and z-score with its Westgard
 * status, and per level the ±1/2/3 SD lines of each target segment for a chart drawn in units. Pass an evaluation
 * already made to avoid judging twice; otherwise the default rules are applied.
 */
export function leveyJennings(results: readonly QcResult[], evaluation?: WestgardEvaluation): LeveyJenningsChart {
  const judged = new Map((evaluation ?? evaluateWestgard(results)).results.map((e) => [e.id, e]));
  const levels = new Map<string, { segments: LeveyJenningsSegment[]; points: LeveyJenningsPoint[] }>();
  for (const r of prepareQcResults(results)) {
    const entry = levels.get(r.level) ?? { segments: [], points: [] };
    levels.set(r.level, entry);
    const { mean, sd } = r.source.target;
    const last = entry.segments[entry.segments.length - 1];
    if (last && last.mean === mean && last.sd === sd) last.to = r.ms;
    else entry.segments.push({ from: r.ms, to: r.ms, mean, sd, lines: Z_LINES.map((l) => ({ ...l, value: mean + l.z * sd })) });
    const e = judged.get(r.source.id);
    entry.points.push({
      id: r.source.id,
      runId: r.source.runId,
      time: r.ms,
      value: r.source.value,
      z: r.z,
      excluded: !!r.source.excluded,
      status: e?.status ?? 'accept',
      rules: e ? [...new Set(e.violations.map((v) => v.rule))] : [],
    });
  }
  return { zLines: Z_LINES, levels: [...levels].map(([level, v]) => ({ level, ...v })) };
}
