import { randomUUID } from 'node:crypto';
import type { Observation } from '@medplum/fhirtypes';
import type { Queryable } from '@medunion/kernel';
import { INITIAL_PBRTQC_STATE, stepPbrtqc, type PbrtqcSettings, type PbrtqcState } from '@medunion/labcore';
import { resultFields } from '../../stats/fhir-fields.ts';

/**
 * One new patient result through the PBRTQC of its test on its analyzer (when the laboratory has set one up):
 * labcore's step on the stream's saved state, the point kept in the series, and an alarm opened when the statistic
 * leaves its limits and none is open yet (an open alarm stays until a person clears it). Runs in the statistics
 * projection's transaction; idempotent by Observation id, so a redelivered event changes nothing. Only the value
 * first reported counts: a later correction does not rewrite the series. Calculated tests and censored or text
 * values do not enter.
 */
export async function ingestPbrtqcPoint(tx: Queryable, institution: string, o: Observation): Promise<void> {
  const f = resultFields(o, institution);
  if (!f.testCode || !f.deviceId || f.valueNum === null || f.calculated || !o.id) return;
  const key = [institution, f.testCode, f.deviceId];
  const { rows: settings } = await tx.query<{ settings: PbrtqcSettings }>('select settings from lis_pbrtqc_setting where institution = $1 and test_code = $2 and instrument_id = $3 and enabled', key);
  if (!settings[0]) return;
  await tx.query("insert into lis_pbrtqc_stream (institution, test_code, instrument_id, state) values ($1, $2, $3, $4) on conflict do nothing", [...key, JSON.stringify(INITIAL_PBRTQC_STATE)]);
  const { rows: stream } = await tx.query<{ state: PbrtqcState }>('select state from lis_pbrtqc_stream where institution = $1 and test_code = $2 and instrument_id = $3 for update', key);
  if ((await tx.query('select 1 from lis_pbrtqc_point where observation_id = $1', [o.id])).rows[0]) return;
  const { state, point } = stepPbrtqc(settings[0].settings, stream[0].state, f.valueNum);
  await tx.query('insert into lis_pbrtqc_point (observation_id, institution, test_code, instrument_id, at, value, included, statistic, alarm) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    o.id,
    ...key,
    f.resultedAt,
    f.valueNum,
    point.included,
    point.statistic,
    point.alarm,
  ]);
  await tx.query('update lis_pbrtqc_stream set state = $4 where institution = $1 and test_code = $2 and instrument_id = $3', [...key, JSON.stringify(state)]);
  if (!point.alarm) return;
  await tx.query(
    `insert into lis_pbrtqc_alarm (id, institution, test_code, instrument_id, opened_at, direction, statistic, settings, reason, observation_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
    [randomUUID(), ...key, f.resultedAt, point.alarm, point.statistic, JSON.stringify(settings[0].settings), JSON.stringify(point.reason), o.id],
  );
}
