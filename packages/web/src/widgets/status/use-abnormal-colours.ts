import { useParameter } from '../parameters/parameters.context.tsx';
import { useUserSetting } from '../settings/user-settings.context.tsx';
import { ABNORMAL_SETTING_KEY, DEFAULT_ABNORMAL_COLOURS, effectiveAbnormalColours, type AbnormalColours, type AbnormalOverride } from './abnormal-colours.ts';

/** The institution's colours (parameters `ui.abnormal.*`, resolved for this workstation), before the user's override. */
export function useInstitutionAbnormalColours(): AbnormalColours {
  const d = DEFAULT_ABNORMAL_COLOURS;
  const parameters = {
    highColor: useParameter<unknown>('ui.abnormal.highColor', d.highColor),
    lowColor: useParameter<unknown>('ui.abnormal.lowColor', d.lowColor),
    criticalColor: useParameter<unknown>('ui.abnormal.criticalColor', d.criticalColor),
    criticalFlash: useParameter<unknown>('ui.abnormal.criticalFlash', d.criticalFlash),
  };
  return effectiveAbnormalColours(parameters, undefined);
}

/** The colours in force for this user: their override (界面设置) over the institution's. */
export function useAbnormalColours(): { colours: AbnormalColours; institution: AbnormalColours; override: AbnormalOverride; setOverride(next: AbnormalOverride): void } {
  const institution = useInstitutionAbnormalColours();
  const [override, setOverride] = useUserSetting<AbnormalOverride>(ABNORMAL_SETTING_KEY, {}, (v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  return { colours: effectiveAbnormalColours(institution, override), institution, override, setOverride };
}
