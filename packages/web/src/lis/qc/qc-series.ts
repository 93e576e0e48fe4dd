import type { LeveyJenningsResponse, QcEvent, QcLevel, QcMaterial, QcResultEntry, QcStatusReport, QcTarget, QcVerdict } from '@medunion/lis/contracts';

/**
 * Pure helpers of the 质控图 page: which test × instrument pairs have QC, which to open first, level names, runs
 * a corrective action may name as its re-run, and server explanations made readable.
 */

export interface QcPair {
  instrumentId: string;
  testCode: string;
}

/** The instruments with targets in force and, per instrument, the tests they run QC for (sorted by code). */
export function qcPairs(targets: readonly QcTarget[]): Map<string, string[]> {
  const pairs = new Map<string, Set<string>>();
  for (const t of targets) {
    if (t.validTo) continue;
    const tests = pairs.get(t.instrumentId) ?? new Set<string>();
    tests.add(t.testCode);
    pairs.set(t.instrumentId, tests);
  }
  return new Map([...pairs].map(([instrument, tests]) => [instrument, [...tests].sort()]));
}

/** The pair to open: one out of control first (it needs attention), then one warning, else the first configured. */
export function firstPair(pairs: Map<string, string[]>, statuses: readonly QcStatusReport[]): QcPair | undefined {
  const configured = (s: QcStatusReport) => pairs.get(s.instrumentId)?.includes(s.testCode);
  const urgent = statuses.find((s) => s.status === 'out-of-control' && configured(s)) ?? statuses.find((s) => s.status === 'warning' && configured(s));
  if (urgent) return { instrumentId: urgent.instrumentId, testCode: urgent.testCode };
  const [instrumentId, tests] = [...pairs][0] ?? [];
  return instrumentId && tests?.length ? { instrumentId, testCode: tests[0] } : undefined;
}

/** Names of the levels on a chart by their key (`<material id>:<level>`), with the lots the period covered. */
export function levelNames(series: LeveyJenningsResponse['series'], name: (material: string, level: string) => string): Map<string, string> {
  return new Map(series.map((s) => [s.key, name(s.materialName, s.level)]));
}

/**
 * labcore explains a verdict naming levels by key and runs by id (`水平 <uuid>:1/批 <uuid> z=+2.63`): the level key
 * becomes its name and the run id is left out, which the bench cannot use anyway.
 */
export function readableReason(text: string, names: Map<string, string>): string {
  let out = text;
  for (const [key, name] of names) for (const written of [`水平 ${key}`, `level ${key}`, key]) out = out.split(written).join(name);
  return out.replace(/\/(批|run) [0-9a-f-]{8,}/gi, '');
}

/** One QC run as a re-run candidate: when, which levels, and its verdict. */
export interface RunChoice {
  runId: string;
  at: string;
  levels: string[];
  status: QcVerdict | null;
}

/**
 * The runs a corrective action may name as its re-run: those of the event's test and instrument started at or
 * after the event opened (the server refuses earlier ones), newest first, accepted ones marked by their status.
 */
export function rerunChoices(results: readonly QcResultEntry[], event: Pick<QcEvent, 'testCode' | 'instrumentId' | 'openedAt'>): RunChoice[] {
  const runs = new Map<string, RunChoice>();
  const opened = Date.parse(event.openedAt);
  for (const r of results) {
    if (r.testCode !== event.testCode || r.instrumentId !== event.instrumentId) continue;
    const run = runs.get(r.runId) ?? { runId: r.runId, at: r.measuredAt, levels: [], status: r.runStatus };
    if (Date.parse(r.measuredAt) < Date.parse(run.at)) run.at = r.measuredAt;
    if (!run.levels.includes(r.level)) run.levels.push(r.level);
    runs.set(r.runId, run);
  }
  return [...runs.values()].filter((r) => Date.parse(r.at) >= opened && r.runId !== '').sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Open events whatever their age, then the period's closed ones, each once, newest first. */
export function mergeEvents(open: readonly QcEvent[], period: readonly QcEvent[]): QcEvent[] {
  const byId = new Map<string, QcEvent>();
  for (const e of [...open, ...period]) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || Date.parse(b.openedAt) - Date.parse(a.openedAt));
}

/** Whether a level is run on an instrument: it has no sample ids yet, or one for any analyzer or for this one. */
const runsOn = (level: QcLevel, instrumentId: string) => !level.samples.length || level.samples.some((s) => !s.instrumentId || s.instrumentId === instrumentId);

/**
 * The levels a manual entry on an instrument may name: levels of active, unexpired lots run on it (by their sample
 * ids); those with a target for the test here first.
 */
export function entryLevels(materials: readonly QcMaterial[], targetLevelIds: ReadonlySet<string>, instrumentId: string): { id: string; label: { material: string; lot: string; level: string }; targeted: boolean }[] {
  const levels = materials
    .filter((m) => m.active)
    .flatMap((m) =>
      m.lots
        .filter((l) => l.active && !l.expired)
        .flatMap((lot) => lot.levels.filter((level) => targetLevelIds.has(level.id) || runsOn(level, instrumentId)).map((level) => ({ id: level.id, label: { material: m.name, lot: lot.lotNo, level: level.level }, targeted: targetLevelIds.has(level.id) }))),
    );
  return levels.filter((l) => l.targeted).concat(levels.filter((l) => !l.targeted));
}

/** A level of the 靶值 table: where it comes from and the target in force for the chosen test on the instrument. */
export interface TargetRow {
  levelId: string;
  material: string;
  lotNo: string;
  level: string;
  lotUsable: boolean;
  target?: QcTarget;
}

/**
 * The levels a test on an instrument can have targets for: levels of active materials' usable lots run on the
 * instrument (by their sample ids), with the target in force; other levels only while they still hold a target
 * there. Levels with a target come first.
 */
export function targetRows(materials: readonly QcMaterial[], targets: readonly QcTarget[], instrumentId: string, testCode: string): TargetRow[] {
  const current = new Map(targets.filter((t) => !t.validTo && t.instrumentId === instrumentId && t.testCode === testCode).map((t) => [t.levelId, t]));
  return materials
    .filter((m) => m.active || m.lots.some((l) => l.levels.some((level) => current.has(level.id))))
    .flatMap((m) =>
      m.lots.flatMap((lot) =>
        lot.levels
          .filter((level) => current.has(level.id) || runsOn(level, instrumentId))
          .map((level) => ({ levelId: level.id, material: m.name, lotNo: lot.lotNo, level: level.level, lotUsable: m.active && lot.active && !lot.expired, target: current.get(level.id) })),
      ),
    )
    .filter((r) => r.lotUsable || r.target)
    .sort((a, b) => Number(!!b.target) - Number(!!a.target));
}
