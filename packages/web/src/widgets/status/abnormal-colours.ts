import type { Abnormality } from './interpretation.ts';
import { isCritical } from './interpretation.ts';

/** Colours of abnormal results, from the parameters `ui.abnormal.*`, overridable per user (setting 'ui.abnormal'). */
export interface AbnormalColours {
  highColor: string;
  lowColor: string;
  criticalColor: string;
  criticalFlash: boolean;
}

/** The kernel's declared defaults (red, blue, purple, flashing), used until parameters arrive. */
export const DEFAULT_ABNORMAL_COLOURS: AbnormalColours = { highColor: '#cf1322', lowColor: '#0958d9', criticalColor: '#722ed1', criticalFlash: true };

export const ABNORMAL_SETTING_KEY = 'ui.abnormal';

const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** A user's overrides: only the fields they changed. */
export type AbnormalOverride = Partial<AbnormalColours>;

function pick(candidates: unknown[], valid: (v: unknown) => boolean): unknown {
  return candidates.find(valid);
}

/**
 * The colours in force: the user's override, else the institution's parameters, else the defaults. Each field is
 * checked on its own, so a malformed stored value falls back rather than painting a result in an invalid colour.
 */
export function effectiveAbnormalColours(parameters: Partial<Record<keyof AbnormalColours, unknown>>, override: unknown): AbnormalColours {
  const user = (override && typeof override === 'object' ? override : {}) as Record<string, unknown>;
  const colour = (field: 'highColor' | 'lowColor' | 'criticalColor') => pick([user[field], parameters[field], DEFAULT_ABNORMAL_COLOURS[field]], (v) => typeof v === 'string' && COLOUR.test(v)) as string;
  return {
    highColor: colour('highColor'),
    lowColor: colour('lowColor'),
    criticalColor: colour('criticalColor'),
    criticalFlash: pick([user.criticalFlash, parameters.criticalFlash, DEFAULT_ABNORMAL_COLOURS.criticalFlash], (v) => typeof v === 'boolean') as boolean,
  };
}

/** The colour for an abnormality; undefined (inherit the text colour) for normal results. */
export function colourOf(a: Abnormality, colours: AbnormalColours): string | undefined {
  if (isCritical(a)) return colours.criticalColor;
  if (a === 'high' || a === 'abnormal') return colours.highColor;
  if (a === 'low') return colours.lowColor;
  return undefined;
}

/** Keeps only the fields that differ from the institution's values, so a later change by the institution still reaches the user. */
export function overrideFrom(chosen: AbnormalColours, institution: AbnormalColours): AbnormalOverride {
  const out: AbnormalOverride = {};
  for (const key of Object.keys(chosen) as (keyof AbnormalColours)[]) {
    if (chosen[key] !== institution[key]) (out as Record<string, unknown>)[key] = chosen[key];
  }
  return out;
}
