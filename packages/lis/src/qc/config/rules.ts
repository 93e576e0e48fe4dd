import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import { DEFAULT_WESTGARD_CONFIG, LabcoreError, resolveWestgardConfig, type WestgardConfig } from '@medunion/labcore';
import type { QcRuleSet } from '../../contracts/qc.ts';
import { auditInTx } from '../audit.ts';
import { requireTest } from '../catalogue.ts';
import { iso } from '../db.ts';
import { actorOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

/** The Westgard rules a test is judged with: its own set, or labcore's default multirule. */
export async function rulesFor(q: Queryable, institution: string, testCode: string): Promise<WestgardConfig> {
  const { rows } = await q.query<{ config: WestgardConfig }>('select config from lis_qc_rules where institution = $1 and test_code = $2', [institution, testCode]);
  return rows[0]?.config ?? DEFAULT_WESTGARD_CONFIG;
}

export async function ruleSetOf(q: Queryable, institution: string, testCode: string): Promise<QcRuleSet> {
  const { rows } = await q.query<{ config: WestgardConfig; updated_by: string; updated_at: Date | string }>('select config, updated_by, updated_at from lis_qc_rules where institution = $1 and test_code = $2', [institution, testCode]);
  const config = rows[0]?.config ?? DEFAULT_WESTGARD_CONFIG;
  return {
    testCode,
    rules: [...config.rules] as QcRuleSet['rules'],
    ...(config.warningTriggersInspection ? { warningTriggersInspection: true } : {}),
    isDefault: !rows[0],
    ...(rows[0] ? { updatedAt: iso(rows[0].updated_at), updatedBy: rows[0].updated_by } : {}),
  };
}

/** Sets a test's rule set after labcore has accepted it (an unknown rule or scope is a 400 naming the entry). */
export async function setRules(ctx: ModuleContext, p: Principal, institution: string, testCode: string, config: WestgardConfig, ip?: string): Promise<QcRuleSet> {
  await requireTest(ctx, institution, testCode, 'testCode');
  try {
    resolveWestgardConfig(config);
  } catch (err) {
    if (err instanceof LabcoreError) throw fieldError(400, err.path, err.reason['zh-CN'], err.reason.en);
    throw err;
  }
  const clean: WestgardConfig = { rules: config.rules, ...(config.warningTriggersInspection ? { warningTriggersInspection: true } : {}) };
  await ctx.db.transaction(async (tx) => {
    const before = await rulesFor(tx, institution, testCode);
    await tx.query(
      `insert into lis_qc_rules (institution, test_code, config, updated_by) values ($1, $2, $3, $4)
       on conflict (institution, test_code) do update set config = excluded.config, updated_by = excluded.updated_by, updated_at = now()`,
      [institution, testCode, JSON.stringify(clean), actorOf(p)],
    );
    await auditInTx(ctx, tx, p, 'update', `${institution}/${testCode}`, `qc rules ${testCode}: ${JSON.stringify(before)} -> ${JSON.stringify(clean)}`, ip);
  });
  return ruleSetOf(ctx.db, institution, testCode);
}
