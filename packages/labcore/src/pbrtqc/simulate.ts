import { inputError } from '../errors.ts';
import { mean, quantile } from '../stats/descriptive.ts';
import { createRandom } from '../stats/random.ts';
import { bilingual, formatNumber, joinBilingual, type Bilingual } from '../text.ts';
import { describePbrtqcSettings } from './describe.ts';
import { DEFAULT_FALSE_ALARM_RATE, deriveControlLimits } from './limits.ts';
import { PbrtqcTracker } from './tracker.ts';
import { checkPbrtqcSettings } from './validate.ts';
import type { PbrtqcSettings } from './types.ts';

export interface PbrtqcCandidate {
  name?: string;
  /** Without `limits`, they are derived from the history at the target false-alarm rate. */
  settings: PbrtqcSettings;
}

export interface BiasSimulationOptions {
  /** In-control patient results in the order they were reported (at least 50). */
  history: readonly number[];
  candidates: readonly (PbrtqcCandidate | PbrtqcSettings)[];
  /** Proportional systematic errors to inject, in percent, e.g. [-10, -5, 5, 10]. */
  biasesPercent: readonly number[];
  trialsPerBias?: number;
  seed?: number;
  /** Wanted false alarms per judged result, for derived limits. Default 0.001. */
  falseAlarmRate?: number;
  /** Candidates whose measured false-alarm rate exceeds this rank after all others. Default twice `falseAlarmRate`. */
  maxFalseAlarmRate?: number;
  /** A trial that has not alarmed after this many biased results counts as this many. Default min(history, 1000). */
  maxAffected?: number;
  /** Results to measure the false-alarm rate on (default: the history itself). */
  validation?: readonly number[];
}

export interface BiasOutcome {
  biasPercent: number;
  trials: number;
  /** Trials that alarmed (in the direction of the bias) within `maxAffected` results. */
  detected: number;
  /** Average number of patient results affected before (and including) the alarm: ANPed. */
  anped: number;
  /** Median number: MNPed. */
  mnped: number;
  /** 95th percentile: the number a laboratory must be ready to re-examine in nearly every case. */
  p95: number;
}

export interface CandidateOutcome {
  rank: number;
  name: string;
  label: Bilingual;
  /** With the limits used. */
  settings: PbrtqcSettings;
  limitsDerived: boolean;
  falseAlarms: number;
  judged: number;
  falseAlarmRate: number;
  qualified: boolean;
  perBias: BiasOutcome[];
  /** The mean ANPed over the biases: the ranking key. */
  meanAnped: number;
  reason: Bilingual;
}

export interface BiasSimulationReport {
  seed: number;
  trialsPerBias: number;
  maxAffected: number;
  maxFalseAlarmRate: number;
  ranked: CandidateOutcome[];
  best: CandidateOutcome | null;
  reason: Bilingual;
}

/** Results to feed before the bias so the statistic starts from a settled state, not from empty. */
function warmUpLength(s: PbrtqcSettings): number {
  if (s.statistic === 'ewma') return s.lambda! >= 1 ? 1 : Math.ceil(Math.log(0.01) / Math.log(1 - s.lambda!));
  return 2 * s.blockSize!;
}

function falseAlarms(settings: PbrtqcSettings, values: readonly number[]): { alarms: number; judged: number } {
  const tracker = new PbrtqcTracker(settings);
  let alarms = 0;
  let judged = 0;
  for (const v of values) {
    const p = tracker.push(v);
    if (p.included && p.statistic !== null) judged++;
    if (p.alarm) alarms++;
  }
  return { alarms, judged };
}

/** Number of results affected until the first alarm in the bias's direction, or `maxAffected` without one. */
function trial(settings: PbrtqcSettings, history: readonly number[], start: number, factor: number, maxAffected: number): number | null {
  const n = history.length;
  const tracker = new PbrtqcTracker(settings);
  const warm = Math.min(warmUpLength(settings), n);
  for (let i = warm; i > 0; i--) tracker.push(history[(start - i + n) % n]);
  const wanted = factor > 1 ? 'high' : 'low';
  for (let j = 0; j < maxAffected; j++) {
    if (tracker.push(history[(start + j) % n] * factor).alarm === wanted) return j + 1;
  }
  return null;
}

/** A rate as a percent with 3 significant digits: 0.133%. */
const pct = (rate: number): string => `${Number((rate * 100).toPrecision(3))}%`;

/**
 * Chooses PBRTQC settings by simulation (the bias detection curves of van Rossum & Kemperman): for every candidate and
 * bias, the bias is injected at random points of the history (the same points for every candidate) and the patient
 * results are counted until the statistic alarms. Candidates are ranked by their mean ANPed over the biases, those
 * whose false-alarm rate is too high after the rest; ties go to the lower false-alarm rate, then the order given.
 * Deterministic for a given seed.
 */
export function simulateBiasDetection(options: BiasSimulationOptions): BiasSimulationReport {
  const { history, biasesPercent } = options;
  if (history.length < 50) throw inputError('history', `历史数据至少需要 50 个结果（现有 ${history.length} 个）`, `The history needs at least 50 results (it has ${history.length})`);
  if (!options.candidates.length) throw inputError('candidates', '没有候选设置', 'No candidate settings');
  if (!biasesPercent.length) throw inputError('biasesPercent', '没有要注入的偏倚', 'No biases to inject');
  biasesPercent.forEach((b, i) => {
    if (!Number.isFinite(b) || b === 0 || b <= -100) throw inputError(`biasesPercent[${i}]`, `偏倚必须为非零且大于 −100%：${b}`, `A bias must be non-zero and above −100%: ${b}`);
  });
  const seed = options.seed ?? 1;
  const trials = options.trialsPerBias ?? 100;
  const alpha = options.falseAlarmRate ?? DEFAULT_FALSE_ALARM_RATE;
  const maxFar = options.maxFalseAlarmRate ?? 2 * alpha;
  const maxAffected = options.maxAffected ?? Math.min(history.length, 1000);
  const random = createRandom(seed);
  // Common random numbers: every candidate meets the same injection points, so differences are the settings'.
  const starts = biasesPercent.map(() => Array.from({ length: trials }, () => random.int(history.length)));

  const outcomes = options.candidates.map((entry, index) => {
    const candidate: PbrtqcCandidate = 'settings' in entry ? entry : { settings: entry };
    checkPbrtqcSettings(candidate.settings, `candidates[${index}].settings`);
    const limitsDerived = !candidate.settings.limits;
    const settings = limitsDerived ? { ...candidate.settings, limits: deriveControlLimits(history, candidate.settings, { falseAlarmRate: alpha }).limits } : candidate.settings;
    const label = describePbrtqcSettings(settings);
    const far = falseAlarms(settings, options.validation ?? history);
    const falseAlarmRate = far.judged ? far.alarms / far.judged : 0;
    const perBias = biasesPercent.map((biasPercent, b): BiasOutcome => {
      const counts = starts[b].map((start) => trial(settings, history, start, 1 + biasPercent / 100, maxAffected));
      const censored = counts.map((c) => c ?? maxAffected);
      return { biasPercent, trials, detected: counts.filter((c) => c !== null).length, anped: mean(censored)!, mnped: quantile(censored, 0.5), p95: quantile(censored, 0.95) };
    });
    return {
      index,
      name: candidate.name ?? label.en,
      label,
      settings,
      limitsDerived,
      falseAlarms: far.alarms,
      judged: far.judged,
      falseAlarmRate,
      qualified: falseAlarmRate <= maxFar,
      perBias,
      meanAnped: mean(perBias.map((p) => p.anped))!,
    };
  });

  outcomes.sort((a, b) => Number(b.qualified) - Number(a.qualified) || a.meanAnped - b.meanAnped || a.falseAlarmRate - b.falseAlarmRate || a.index - b.index);
  const ranked = outcomes.map(({ index: _index, ...o }, i): CandidateOutcome => {
    const biases = joinBilingual(
      o.perBias.map((p) => {
        const sign = p.biasPercent > 0 ? '+' : '';
        return bilingual(
          `${sign}${formatNumber(p.biasPercent)}%：ANPed ${formatNumber(p.anped)}，MNPed ${formatNumber(p.mnped)}，检出 ${p.detected}/${p.trials}`,
          `${sign}${formatNumber(p.biasPercent)}%: ANPed ${formatNumber(p.anped)}, MNPed ${formatNumber(p.mnped)}, detected ${p.detected}/${p.trials}`,
        );
      }),
    );
    const farText = bilingual(
      `假报警率 ${pct(o.falseAlarmRate)}（${o.falseAlarms}/${o.judged}，上限 ${pct(maxFar)}）${o.qualified ? '' : '，超出上限，排在合格设置之后'}`,
      `false-alarm rate ${pct(o.falseAlarmRate)} (${o.falseAlarms}/${o.judged}, limit ${pct(maxFar)})${o.qualified ? '' : ', above the limit: ranked after the qualifying settings'}`,
    );
    return {
      ...o,
      rank: i + 1,
      reason: bilingual(
        `第 ${i + 1} 名 ${o.label['zh-CN']}：平均 ANPed ${formatNumber(o.meanAnped)}；${farText['zh-CN']}；${biases['zh-CN']}`,
        `#${i + 1} ${o.label.en}: mean ANPed ${formatNumber(o.meanAnped)}; ${farText.en}; ${biases.en}`,
      ),
    };
  });
  const best = ranked[0].qualified ? ranked[0] : null;
  const reason = best
    ? bilingual(
        `推荐 ${best.label['zh-CN']}：在假报警率不超过 ${pct(maxFar)} 的设置中，平均受影响患者结果数（ANPed）最少（${formatNumber(best.meanAnped)}）`,
        `Recommended ${best.label.en}: of the settings with a false-alarm rate at most ${pct(maxFar)}, it affects the fewest patient results before detection on average (ANPed ${formatNumber(best.meanAnped)})`,
      )
    : bilingual(`没有假报警率不超过 ${pct(maxFar)} 的设置，无法推荐`, `No setting keeps the false-alarm rate at or below ${pct(maxFar)}: nothing to recommend`);
  return { seed, trialsPerBias: trials, maxAffected, maxFalseAlarmRate: maxFar, ranked, best, reason };
}
