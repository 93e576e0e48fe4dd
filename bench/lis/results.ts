/**
 * What the analyzers report for each specimen: a pure function of the specimen's index, its kind and the patient's
 * sex, so the benchmark knows how many reports should be held without asking the load client.
 *
 * Most specimens are healthy adults, their values drawn inside the catalogue's reference intervals (WS/T 404/405,
 * the lipid guideline, and the analyzer manufacturer's for RDW/MPV/PDW/PCT) and consistent with each other — TP =
 * ALB + globulin, Na − (Cl + HCO3) a normal anion gap, TC = HDL-C + non-HDL-C, HCT = RBC × MCV, the absolute counts
 * WBC × percentages — so the LIS's calculated tests land in their own intervals. A few are not: an abnormal value
 * (held by the auto-verification limits), a critical one (held, and a critical-value notice raised), or a normal
 * value the analyzer flagged (held by the instrument-flag rule).
 */
import { DEMO_TESTS } from '../../packages/lis/src/catalogue/demo/county-lab.ts';
import type { SimulatedResult } from '../../packages/protocols/src/simulators/specimens.ts';
import { rng } from '../recognition/workload.ts';
import { CBC_CHANNELS, CBC_TESTS, CHEMISTRY_CHANNELS, CHEMISTRY_TESTS, channelOf } from './analyzers.ts';

export type SpecimenKind = 'chemistry' | 'cbc';
export type Plan = 'normal' | 'abnormal' | 'critical' | 'flagged';

/** Shares of specimens per plan (the rest are normal). */
export const PLAN_SHARES = { critical: 0.015, abnormal: 0.06, flagged: 0.02 } as const;

type Values = Record<string, number>;
type Draw = () => number;

const units = new Map(DEMO_TESTS.map((t) => [t.code, t.unit]));
const decimals = new Map(DEMO_TESTS.map((t) => [t.code, t.decimals ?? 0]));
const fixed = (test: string, v: number): string => v.toFixed(decimals.get(test) ?? 0);

/** The plan of a tube: a requisition's chemistry and blood-count tubes draw independently. */
export function planOf(kind: SpecimenKind, index: number): Plan {
  const u = rng(7_919 * index + (kind === 'cbc' ? 17 : 29))();
  if (u < PLAN_SHARES.critical) return 'critical';
  if (u < PLAN_SHARES.critical + PLAN_SHARES.abnormal) return 'abnormal';
  if (u < PLAN_SHARES.critical + PLAN_SHARES.abnormal + PLAN_SHARES.flagged) return 'flagged';
  return 'normal';
}

const between = (r: Draw, lo: number, hi: number): number => lo + r() * (hi - lo);
const round = (v: number, d: number): number => Number(v.toFixed(d));

/** 肝功能 + 电解质 + 血脂 of a healthy adult (either sex: the windows lie inside both sexes' intervals). */
function healthyChemistry(r: Draw): Values {
  const alb = round(between(r, 42, 49), 1);
  const tp = round(alb + between(r, 25, 31), 1);
  let na = 0;
  let cl = 0;
  let hco3 = 0;
  do {
    cl = round(between(r, 101, 106), 1);
    hco3 = round(between(r, 23.5, 27), 1);
    na = round(cl + hco3 + between(r, 10, 13.5), 1);
  } while (na < 138 || na > 146);
  let hdl = 0;
  let tc = 0;
  do {
    hdl = round(between(r, 1.1, 1.6), 2);
    tc = round(hdl + between(r, 2.3, 3.5), 2);
  } while (tc >= 5.1);
  return {
    ALT: between(r, 12, 35),
    AST: between(r, 16, 30),
    ALP: between(r, 55, 95),
    GGT: between(r, 12, 38),
    TBIL: between(r, 8, 18),
    DBIL: between(r, 1.5, 4.5),
    TP: tp,
    ALB: alb,
    K: between(r, 3.7, 4.9),
    NA: na,
    CL: cl,
    CA: between(r, 2.15, 2.45),
    HCO3: hco3,
    TC: tc,
    TG: between(r, 0.6, 1.5),
    'HDL-C': hdl,
  };
}

/** A five-part blood count of a healthy adult: red-cell indices and absolute counts derived as the analyzer does. */
function healthyCbc(r: Draw, sex: 'male' | 'female'): Values {
  const male = sex === 'male';
  for (;;) {
    const wbc = round(between(r, 4.5, 8.0), 2);
    const pct = { LYMPH: round(between(r, 25, 35), 1), MONO: round(between(r, 4, 7), 1), EO: round(between(r, 1, 4), 1), BASO: round(between(r, 0.2, 0.6), 1) };
    const neut = round(100 - pct.LYMPH - pct.MONO - pct.EO - pct.BASO, 1);
    const rbc = round(male ? between(r, 4.6, 5.4) : between(r, 4.0, 4.8), 2);
    const mcv = round(between(r, 86, 93), 1);
    const mchc = Math.round(between(r, 325, 345));
    const hct = round((rbc * mcv) / 10, 1);
    const hgb = Math.round((hct * mchc) / 100);
    const plt = Math.round(between(r, 150, 320));
    const mpv = round(between(r, 8.0, 10.5), 1);
    const pctPlt = round((plt * mpv) / 10_000, 2);
    const hctOk = male ? hct >= 40.5 && hct <= 49.5 : hct >= 35.5 && hct <= 44.5;
    const hgbOk = male ? hgb >= 132 && hgb <= 172 : hgb >= 117 && hgb <= 148;
    if (!hctOk || !hgbOk || pctPlt < 0.11 || pctPlt > 0.28) continue;
    return {
      WBC: wbc,
      'NEUT%': neut,
      'LYMPH%': pct.LYMPH,
      'MONO%': pct.MONO,
      'EO%': pct.EO,
      'BASO%': pct.BASO,
      'NEUT#': (wbc * neut) / 100,
      'LYMPH#': (wbc * pct.LYMPH) / 100,
      'MONO#': (wbc * pct.MONO) / 100,
      'EO#': (wbc * pct.EO) / 100,
      'BASO#': (wbc * pct.BASO) / 100,
      RBC: rbc,
      HGB: hgb,
      HCT: hct,
      MCV: mcv,
      MCH: (mcv * mchc) / 1000,
      MCHC: mchc,
      'RDW-CV': between(r, 11.5, 14.5),
      'RDW-SD': between(r, 38, 48),
      PLT: plt,
      MPV: mpv,
      PDW: between(r, 10, 16),
      PCT: pctPlt,
    };
  }
}

/** The one value that makes an abnormal or critical specimen, with the analyzer's flag. */
const DEVIATIONS: Record<SpecimenKind, Record<'abnormal' | 'critical', [test: string, lo: number, hi: number, flag: string][]>> = {
  chemistry: {
    abnormal: [
      ['ALT', 70, 160, 'H'],
      ['GGT', 70, 150, 'H'],
      ['TG', 2.0, 3.5, 'H'],
    ],
    critical: [
      ['K', 6.3, 6.9, 'HH'],
      ['K', 2.4, 2.7, 'LL'],
    ],
  },
  cbc: {
    abnormal: [
      ['WBC', 10.5, 14, 'H'],
      ['PLT', 85, 115, 'L'],
    ],
    critical: [
      ['PLT', 15, 28, 'LL'],
      ['WBC', 1.2, 1.8, 'LL'],
    ],
  },
};

export interface SpecimenRun {
  plan: Plan;
  results: SimulatedResult[];
}

/** What the analyzer sends for specimen `index` (a chemistry tube to an ASTM analyzer, a blood count to an HL7 one). */
export function specimenRun(kind: SpecimenKind, index: number, sex: 'male' | 'female'): SpecimenRun {
  const r = rng(104_729 * index + (kind === 'cbc' ? 1 : 2));
  const plan = planOf(kind, index);
  const values = kind === 'chemistry' ? healthyChemistry(r) : healthyCbc(r, sex);
  const flags: Record<string, string> = {};
  if (plan === 'abnormal' || plan === 'critical') {
    const options = DEVIATIONS[kind][plan];
    const [test, lo, hi, flag] = options[Math.floor(r() * options.length)];
    values[test] = between(r, lo, hi);
    flags[test] = flag;
  } else if (plan === 'flagged') {
    // A suspect result the analyzer marks (ASTM R-7 / OBX-8 `A`): the value itself is normal.
    const tests = Object.keys(values);
    flags[tests[Math.floor(r() * tests.length)]] = 'A';
  }
  const tests = kind === 'chemistry' ? CHEMISTRY_TESTS : CBC_TESTS;
  const channels = kind === 'chemistry' ? CHEMISTRY_CHANNELS : CBC_CHANNELS;
  return {
    plan,
    results: tests.map((test) => ({
      code: channelOf(channels, test),
      value: fixed(test, values[test]),
      ...(units.get(test) ? { unit: units.get(test) } : {}),
      ...(flags[test] ? { flag: flags[test] } : {}),
    })),
  };
}

/** Control targets (mean; SD 3 % of it): the middle of the healthy windows. */
export function qcTargets(kind: SpecimenKind): { test: string; mean: number; sd: number }[] {
  const values = kind === 'chemistry' ? healthyChemistry(rng(11)) : healthyCbc(rng(13), 'male');
  const tests = kind === 'chemistry' ? CHEMISTRY_TESTS : CBC_TESTS;
  return tests.map((test) => {
    const mean = Number(fixed(test, values[test]));
    return { test, mean, sd: Math.max(Number((mean * 0.03).toPrecision(2)), 10 ** -(decimals.get(test) ?? 0)) };
  });
}

/** The control run: every channel at its target mean (in control). */
export function qcRun(kind: SpecimenKind): SimulatedResult[] {
  const channels = kind === 'chemistry' ? CHEMISTRY_CHANNELS : CBC_CHANNELS;
  return qcTargets(kind).map(({ test, mean }) => ({ code: channelOf(channels, test), value: fixed(test, mean) }));
}
