import type { Device } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL, type ModuleContext, type Principal, type RequestContext } from '@medunion/kernel';
import { createRandom, DEFAULT_WESTGARD_CONFIG, evaluateWestgard, settingsFromReferenceInterval, THREE_LEVEL_WESTGARD_CONFIG, type Random, type WestgardConfig } from '@medunion/labcore';
import { sid } from '../../urls.ts';
import { catalogueOf } from '../catalogue.ts';
import { createLot } from '../config/lots.ts';
import { createMaterial } from '../config/materials.ts';
import { setRules } from '../config/rules.ts';
import { setTarget } from '../config/targets.ts';
import { recordCorrectiveAction } from '../events.ts';
import { setPbrtqcSettings } from '../pbrtqc/settings.ts';
import { levelById, recordQc } from '../record.ts';

const LAB = 'lead-hospital';
const DAY_MS = 86_400_000;
const DAYS = 30;

/** The people the demo QC is recorded by: module actors carrying the demo staff's names (not their accounts). */
const actor = (displayName: string): Principal => ({ ...SYSTEM_PRINCIPAL, id: 'module:lis-demo', username: 'module:lis-demo', displayName, institution: LAB });
const BENCH = actor('孙伟');
const HEAD = actor('钱立新');

interface DemoControl {
  instrument: string;
  material: { name: string; manufacturer: string; matrix: string };
  lotNo: string;
  levels: { level: string; name: string; sampleId: string }[];
  /** Per test, the target mean of each level (SD = mean × cv %). */
  tests: { code: string; means: number[]; cv: number }[];
}

const CONTROLS: DemoControl[] = [
  {
    instrument: 'BS240',
    material: { name: 'Lyphochek 生化质控（Bio-Rad）', manufacturer: 'Bio-Rad', matrix: '人血清' },
    lotNo: '26530',
    levels: [
      { level: '1', name: '水平1（正常）', sampleId: 'QC1' },
      { level: '2', name: '水平2（异常）', sampleId: 'QC2' },
    ],
    tests: [
      { code: 'GLU', means: [5.3, 15.8], cv: 2.5 },
      { code: 'K', means: [4.1, 6.4], cv: 2.0 },
      { code: 'ALT', means: [38, 142], cv: 4.0 },
    ],
  },
  {
    instrument: 'BC5390',
    material: { name: 'BC-5D 血液质控（迈瑞）', manufacturer: 'Mindray', matrix: '全血' },
    lotNo: 'H2611',
    levels: [
      { level: 'L', name: '低值', sampleId: 'QC-L' },
      { level: 'N', name: '正常值', sampleId: 'QC-N' },
      { level: 'H', name: '高值', sampleId: 'QC-H' },
    ],
    tests: [
      { code: 'WBC', means: [3.1, 7.6, 18.2], cv: 3.0 },
      { code: 'HGB', means: [62, 126, 168], cv: 1.5 },
    ],
  },
];

/** The glucose episode: level 1 at +2.3 SD thirteen days ago (1-2s), +2.6 SD twelve days ago (2-2s reject). */
const EPISODE = new Map<number, number>([
  [DAYS - 13, 2.3],
  [DAYS - 12, 2.6],
]);

const LAST_EPISODE_DAY = DAYS - 12;

/**
 * Control values of 30 mornings × levels, as reported (rounded to the test's decimals): normal noise around the
 * targets, with any run the rules would reject by chance pulled halfway to the targets until none does — so the only
 * out-of-control event of the demo is the one told in the episode.
 */
function plannedValues(random: Random, levels: readonly { mean: number; sd: number }[], decimals: number, config: WestgardConfig, episode?: Map<number, number>): number[][] {
  const zs = Array.from({ length: DAYS }, () => levels.map(() => Math.max(-2.4, Math.min(2.4, random.normal()))));
  for (const [day, z] of episode ?? []) zs[day][0] = z;
  // The latest run (yesterday morning), which the QC status reports, is a quiet one.
  zs[DAYS - 1] = zs[DAYS - 1].map((z) => Math.max(-1.5, Math.min(1.5, z)));
  const values = () => zs.map((row) => row.map((z, i) => round(levels[i].mean + z * levels[i].sd, decimals)));
  for (let pass = 0; pass < 50; pass++) {
    const results = values().flatMap((row, day) => row.map((value, i) => ({ id: `${day}/${i}`, runId: String(day), level: String(i), time: day * DAY_MS + i * 60_000, value, target: levels[i] })));
    const rejected = evaluateWestgard(results, config).runs.filter((r) => r.status === 'reject' && !episode?.has(Number(r.runId)));
    if (!rejected.length) break;
    for (const r of rejected) zs[Number(r.runId)] = zs[Number(r.runId)].map((z) => z / 2);
  }
  return values();
}

async function deviceId(ctx: ModuleContext, code: string): Promise<string | undefined> {
  const found = await ctx.store.search(ctx.systemContext, 'Device', [['identifier', `${sid.instrument(LAB)}|${code}`]]);
  return (found.resources[0] as Device | undefined)?.id;
}

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/**
 * Demo QC for the lead hospital's two demo analyzers (instruments area): a chemistry and a haematology control with
 * their lots, levels and sample ids, fixed targets, three-level rules for the haematology tests, PBRTQC for glucose
 * and potassium from their reference intervals, and 30 days of morning QC runs (seeded, so every start produces the
 * same data). One realistic episode: glucose level 1 drifts above +2 SD on two consecutive mornings twelve days ago
 * (2-2s reject after a 1-2s warning), the calibration is redone, the re-run is in control and the event is closed.
 * Skipped when the catalogue or instruments demos did not run, and when the controls already exist.
 */
/**
 * When the latest morning QC run happened (China time): today's 08:00 once its levels are done, yesterday's before
 * 08:00 — so the demo's analyzers are always within their 24 hours of QC, whenever the platform is started.
 */
export function latestMorningRun(now: number): number {
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  const todays = Date.parse(`${today}T08:00:00+08:00`);
  if (now >= todays + 5 * 60_000) return todays;
  if (now < todays) return todays - DAY_MS;
  return now - 5 * 60_000; // 08:00–08:05: the run is just done
}

export async function seedQcDemo(ctx: ModuleContext): Promise<void> {
  const { rows } = await ctx.db.query('select 1 from lis_qc_material where institution = $1 and name = $2', [LAB, CONTROLS[0].material.name]);
  if (rows[0]) return;
  const catalogue = await catalogueOf(ctx, LAB);
  const request: RequestContext = { principal: BENCH, interface: 'module' };
  const lastRun = latestMorningRun(Date.now());
  // daysAgo 1 is the latest morning run; the levels follow two minutes apart.
  const morning = (daysAgo: number, minutes: number) => new Date(lastRun - (daysAgo - 1) * DAY_MS + minutes * 60_000).toISOString();
  const random = createRandom(2026_12_07);

  for (const control of CONTROLS) {
    const instrumentId = await deviceId(ctx, control.instrument);
    const tests = control.tests.filter((t) => catalogue.tests.has(t.code));
    if (!instrumentId || !tests.length) continue;
    const material = await createMaterial(ctx, HEAD, LAB, control.material);
    const { lot } = await createLot(ctx, HEAD, LAB, {
      materialId: material.id,
      lotNo: control.lotNo,
      expiresOn: new Date(Date.now() + 300 * DAY_MS).toISOString().slice(0, 10),
      levels: control.levels.map((l) => ({ level: l.level, name: l.name, samples: [{ sampleId: l.sampleId, instrumentId }] })),
    });
    for (const test of tests) {
      const decimals = catalogue.tests.get(test.code)?.decimals ?? 2;
      if (control.levels.length === 3) await setRules(ctx, HEAD, LAB, test.code, THREE_LEVEL_WESTGARD_CONFIG);
      const levels = control.levels.map((l, i) => ({ ...l, id: lot.levels.find((x) => x.level === l.level)!.id, mean: test.means[i], sd: round((test.means[i] * test.cv) / 100, decimals + 1) }));
      for (const l of levels) {
        await setTarget(ctx, HEAD, LAB, { testCode: test.code, instrumentId, levelId: l.id, source: 'fixed', mean: l.mean, sd: l.sd, validFrom: morning(DAYS + 1, 0), reason: '质控品说明书靶值，经本室 20 天累积验证' });
      }
      const episode = test.code === 'GLU' ? EPISODE : undefined;
      const planned = plannedValues(random, levels, decimals, control.levels.length === 3 ? THREE_LEVEL_WESTGARD_CONFIG : DEFAULT_WESTGARD_CONFIG, episode);
      for (let day = 0; day < DAYS; day++) {
        for (const [i, l] of levels.entries()) {
          const level = (await levelById(ctx.db, LAB, l.id))!;
          await recordQc(ctx, request, { institution: LAB, instrumentId, testCode: test.code, value: planned[day][i], at: morning(DAYS - day, i * 2), source: 'instrument', level, sampleId: l.sampleId });
        }
        if (episode && day === LAST_EPISODE_DAY) await resolveEpisode(ctx, instrumentId, levels, decimals, morning(DAYS - day, 0));
      }
    }
  }
  for (const [code, interval] of [
    ['GLU', [3.9, 6.1]],
    ['K', [3.5, 5.3]],
  ] as const) {
    const instrumentId = await deviceId(ctx, 'BS240');
    if (!instrumentId || !catalogue.tests.has(code)) continue;
    const settings = settingsFromReferenceInterval(interval, { statistic: 'moving-average', blockSize: 20 });
    await setPbrtqcSettings(ctx, HEAD, LAB, { testCode: code, instrumentId, settings: { ...settings, limits: settings.limits! }, origin: { from: 'reference-interval', interval } });
  }
}

/** The glucose episode's re-run after recalibration, and the corrective action that closes the event. */
async function resolveEpisode(ctx: ModuleContext, instrumentId: string, levels: { id: string; mean: number; sd: number; sampleId: string }[], decimals: number, dayStart: string): Promise<void> {
  const later = (minutes: number) => new Date(Date.parse(dayStart) + minutes * 60_000).toISOString();
  const request: RequestContext = { principal: BENCH, interface: 'module' };
  let rerunRunId: string | undefined;
  for (const [i, l] of levels.entries()) {
    const level = (await levelById(ctx.db, LAB, l.id))!;
    const outcome = await recordQc(ctx, request, { institution: LAB, instrumentId, testCode: 'GLU', value: round(l.mean + (i ? -0.2 : 0.3) * l.sd, decimals), at: later(75 + i * 2), source: 'instrument', level, sampleId: l.sampleId });
    rerunRunId = outcome.run.id;
  }
  const { rows } = await ctx.db.query<{ id: string }>("select id from lis_qc_event where institution = $1 and instrument_id = $2 and test_code = 'GLU' and status = 'open'", [LAB, instrumentId]);
  if (!rows[0]) return;
  await recordCorrectiveAction(ctx, BENCH, LAB, rows[0].id, {
    causeCategory: 'calibration',
    cause: '葡萄糖试剂更换新批号后定标曲线漂移，水平1连续两天超出 +2SD（2-2s）',
    action: '重新定标，复测两个水平质控均在控；评估失控期间的患者结果：偏差小于允许总误差的一半，无需召回报告',
    rerunRunId,
    close: true,
    performedAt: later(90),
  });
}
