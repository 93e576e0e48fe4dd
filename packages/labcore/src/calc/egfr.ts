import type { Sex } from '../population/sex.ts';

/** µmol/L per mg/dL of creatinine (molar mass 113.12 g/mol). */
export const CREATININE_UMOL_PER_MG_DL = 88.4;

/**
 * eGFR by the race-free CKD-EPI 2021 creatinine equation (Inker et al., N Engl J Med 2021;385:1737–49), in
 * mL/min/1.73 m², unrounded. For adults (≥ 18 years) with an IDMS-traceable creatinine.
 *   eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female]
 *   κ = 0.7 (F) / 0.9 (M); α = −0.241 (F) / −0.302 (M); Scr in mg/dL = µmol/L ÷ 88.4.
 */
export function ckdEpi2021(input: { creatinineUmolPerL: number; ageYears: number; sex: Sex }): number {
  const female = input.sex === 'female';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = input.creatinineUmolPerL / CREATININE_UMOL_PER_MG_DL / kappa;
  return 142 * Math.min(ratio, 1) ** alpha * Math.max(ratio, 1) ** -1.2 * 0.9938 ** input.ageYears * (female ? 1.012 : 1);
}
