import type { ModuleContext } from '@medunion/kernel';
import { clearQcAlarms, raiseQcAlarm } from './core/qc-alarms.ts';
import { recognizableFor, type RecognizableResult } from './core/recognizable.ts';

/** What other modules may call through `ctx.service('recognition')` (module system principal; callers audit their own access). */
export interface RecognitionServices {
  /** Results recognisable for a patient (golden or source id) at `at`, optionally only for some regional item codes. */
  recognizableFor(patientId: string, itemCodes: string[] | undefined, at: Date): Promise<RecognizableResult[]>;
  /** Opens a QC alarm: the institution's results for the item stop being offered until it is cleared. */
  raiseQcAlarm(institution: string, itemCode: string, reason: string): Promise<number>;
  clearQcAlarms(institution: string, itemCode: string): Promise<number>;
}

export function recognitionServices(ctx: ModuleContext): RecognitionServices {
  return {
    recognizableFor: (patientId, itemCodes, at) => recognizableFor(ctx, patientId, itemCodes, at),
    raiseQcAlarm: (institution, itemCode, reason) => raiseQcAlarm(ctx.db, institution, itemCode, reason),
    clearQcAlarms: (institution, itemCode) => clearQcAlarms(ctx.db, institution, itemCode),
  };
}
