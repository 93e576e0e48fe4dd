import type { Observation } from '@medplum/fhirtypes';
import { modifiedByOf, type ModuleContext } from '@medunion/kernel';
import type { ResultHistoryEntry } from '../contracts/results.ts';
import { isLisResult, valueText } from './fhir.ts';
import { flagOf } from './interpretation.ts';
import { type LabCaller } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';

/**
 * 修改痕迹: every version of a result, newest first — value, flag and status, when and by whom (the store's history:
 * each change, from the analyzer's first value through edits, review, un-review and recall, is a version).
 */
export async function resultHistory(ctx: ModuleContext, caller: LabCaller, observationId: string): Promise<ResultHistoryEntry[]> {
  const { entries } = await ctx.store.history(caller.request, 'Observation', observationId, { count: 200 }).catch((err: { status?: number }) => {
    if (err.status === 404 || err.status === 403 || err.status === 410) throw fieldError(404, 'observationId', `结果 ${observationId} 不存在`, `Result ${observationId} does not exist`, 'not-found');
    throw err;
  });
  // A recalled result's identifier moved aside (…/recalled/<no>), so any version carrying the LIS identifier counts.
  const versions = entries.filter((e) => !e.deleted).map((e) => e.resource as Observation);
  if (!versions.some((v) => isLisResult(v, caller.institution))) {
    throw fieldError(404, 'observationId', `结果 ${observationId} 不是本机构检验科的结果`, `Result ${observationId} is not a result of this laboratory`, 'not-found');
  }
  const names = new Map<string, string>();
  const nameOf = async (o: Observation): Promise<string | undefined> => {
    const by = modifiedByOf(o);
    if (!by) return undefined;
    if (by.kind !== 'user') return by.id;
    if (!names.has(by.id)) {
      const user = await ctx.auth.getUser({ id: by.id }).catch(() => undefined);
      names.set(by.id, user?.displayName ?? user?.username ?? by.id);
    }
    return names.get(by.id);
  };
  const out: ResultHistoryEntry[] = [];
  for (const e of entries) {
    if (e.deleted) continue;
    const o = e.resource as Observation;
    const by = await nameOf(o);
    out.push({
      version: e.versionId,
      at: e.lastUpdated,
      ...(by ? { by } : {}),
      status: o.status,
      value: o.dataAbsentReason ? (o.dataAbsentReason.text ?? '') : valueText(o),
      ...(o.valueQuantity?.unit ? { unit: o.valueQuantity.unit } : {}),
      flag: flagOf(o.interpretation),
    });
  }
  return out;
}
