import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import { checkPbrtqcSettings, describePbrtqcSettings, LabcoreError, type PbrtqcSettings } from '@medunion/labcore';
import type { PbrtqcSettingsBody } from '../../contracts/qc.ts';
import { auditInTx } from '../audit.ts';
import { requireTest } from '../catalogue.ts';
import { requireInstrument } from '../instruments.ts';
import { actorOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

/** labcore's checks, as a 400 naming the field under `settings`. */
export function checkSettings(settings: PbrtqcSettingsBody): PbrtqcSettings {
  const s: PbrtqcSettings = {
    statistic: settings.statistic,
    ...(settings.blockSize !== undefined ? { blockSize: settings.blockSize } : {}),
    ...(settings.lambda !== undefined ? { lambda: settings.lambda } : {}),
    target: settings.target,
    ...(settings.truncation ? { truncation: { low: settings.truncation.low, high: settings.truncation.high, mode: settings.truncation.mode ?? 'exclude' } } : {}),
    limits: settings.limits,
  };
  try {
    checkPbrtqcSettings(s, 'settings');
  } catch (err) {
    if (err instanceof LabcoreError) throw fieldError(400, err.path, err.reason['zh-CN'], err.reason.en);
    throw err;
  }
  if (!s.limits) throw fieldError(400, 'settings.limits', '须给出控制限（可由模拟推荐）', 'Control limits are required (the simulation recommends some)', 'required');
  return s;
}

/**
 * Sets (or switches off) the PBRTQC of a test on an instrument. New settings restart the stream: a moving window or
 * EWMA built under other settings would judge the next results by numbers the new limits were not made for.
 */
export async function setPbrtqcSettings(
  ctx: ModuleContext,
  p: Principal,
  institution: string,
  input: { testCode: string; instrumentId: string; enabled?: boolean; settings: PbrtqcSettingsBody; origin?: unknown },
  ip?: string,
): Promise<void> {
  await requireTest(ctx, institution, input.testCode, 'testCode');
  await requireInstrument(ctx, institution, input.instrumentId, 'instrumentId');
  const settings = checkSettings(input.settings);
  const key = [institution, input.testCode, input.instrumentId];
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ settings: PbrtqcSettings; enabled: boolean }>('select settings, enabled from lis_pbrtqc_setting where institution = $1 and test_code = $2 and instrument_id = $3', key);
    await tx.query(
      `insert into lis_pbrtqc_setting (institution, test_code, instrument_id, settings, enabled, origin, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (institution, test_code, instrument_id) do update set settings = excluded.settings, enabled = excluded.enabled, origin = excluded.origin, updated_by = excluded.updated_by, updated_at = now()`,
      [...key, JSON.stringify(settings), input.enabled ?? true, input.origin ? JSON.stringify(input.origin) : null, actorOf(p)],
    );
    await tx.query('delete from lis_pbrtqc_stream where institution = $1 and test_code = $2 and instrument_id = $3', key);
    const before = rows[0] ? `${describePbrtqcSettings(rows[0].settings).en}${rows[0].enabled ? '' : ' (off)'}` : 'none';
    await auditInTx(ctx, tx, p, rows[0] ? 'update' : 'create', key.join('/'), `pbrtqc settings ${input.testCode} @ ${input.instrumentId}: ${before} -> ${describePbrtqcSettings(settings).en}${input.enabled === false ? ' (off)' : ''}`, ip);
  });
}

export interface SettingRow {
  test_code: string;
  instrument_id: string;
  settings: PbrtqcSettings;
  enabled: boolean;
  updated_by: string;
  updated_at: Date | string;
}

export async function listSettings(q: Queryable, institution: string, filter: { testCode?: string; instrumentId?: string }): Promise<SettingRow[]> {
  const { rows } = await q.query<SettingRow>(
    `select test_code, instrument_id, settings, enabled, updated_by, updated_at from lis_pbrtqc_setting
      where institution = $1 and ($2::text is null or test_code = $2) and ($3::text is null or instrument_id = $3) order by test_code, instrument_id`,
    [institution, filter.testCode ?? null, filter.instrumentId ?? null],
  );
  return rows;
}
