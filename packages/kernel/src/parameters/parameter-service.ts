import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Principal } from '../access/principal.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Db } from '../db/types.ts';
import { FhirError, forbidden } from '../fhir/errors.ts';
import { checkParameterDefinition, parameterValueProblem } from './check.ts';
import type { ParameterDefinition, ParameterScope } from './definition.ts';
import { KERNEL_PARAMETERS } from './kernel-parameters.ts';

/** Where a value is needed: the caller's current institution and workstation, when known. */
export interface ParameterLocation {
  institution?: string;
  workstation?: string;
}

export interface ParameterWrite {
  scope: ParameterScope;
  /** '' for the region, the institution id, or the workstation id. */
  scopeId: string;
  /** New values by key; `null` removes the explicit value so the next scope's applies again. */
  changes: Record<string, unknown>;
  actor: Principal;
  sourceIp?: string;
  /** Workstation scope: the institution that comes to own the workstation if this is its first value. */
  institution?: string;
  /** Workstation scope: allow writing a workstation another institution owns (region administrators). */
  anyOwner?: boolean;
}

const PRECEDENCE: Record<ParameterScope, number> = { region: 1, institution: 2, workstation: 3 };

/**
 * System parameters: declared by the kernel and modules, set per region, institution or workstation.
 * The effective value is the most specific valid one: workstation > institution > region > default.
 */
export class ParameterService {
  private readonly byKey = new Map<string, ParameterDefinition>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    definitions: readonly ParameterDefinition[] = KERNEL_PARAMETERS,
  ) {
    this.register(definitions);
  }

  /** Adds declarations (a module's at load). All or none: a malformed or duplicate key throws and adds nothing. */
  register(definitions: readonly ParameterDefinition[]): void {
    const incoming = new Set<string>();
    for (const definition of definitions) {
      checkParameterDefinition(definition);
      if (this.byKey.has(definition.key) || incoming.has(definition.key)) throw new Error(`Parameter "${definition.key}" is declared twice`);
      incoming.add(definition.key);
    }
    for (const definition of definitions) this.byKey.set(definition.key, definition);
  }

  /** Declarations in registration order; with `scope`, only those settable there. */
  definitions(scope?: ParameterScope): ParameterDefinition[] {
    const all = [...this.byKey.values()];
    return scope ? all.filter((d) => d.scopes.includes(scope)) : all;
  }

  definition(key: string): ParameterDefinition | undefined {
    return this.byKey.get(key);
  }

  /** The effective value of one parameter. Throws for an undeclared key (a programming error). */
  async resolve(key: string, location: ParameterLocation = {}): Promise<unknown> {
    const definition = this.byKey.get(key);
    if (!definition) throw new Error(`Parameter "${key}" is not declared`);
    return (await this.effective(location, key))[key];
  }

  /** The effective value of every declared parameter. */
  resolveAll(location: ParameterLocation = {}): Promise<Record<string, unknown>> {
    return this.effective(location);
  }

  /**
   * Values set explicitly at exactly this scope, for keys still declared there. A value that no longer fits its
   * declaration is included, so an administrator sees it and can correct it (resolution skips it meanwhile).
   */
  async explicit(scope: ParameterScope, scopeId: string): Promise<Record<string, unknown>> {
    const { rows } = await this.db.query<{ key: string; value: unknown }>(
      'select key, value from system_parameter where scope = $1 and scope_id = $2 order by key',
      [scope, scope === 'region' ? '' : scopeId],
    );
    const values: Record<string, unknown> = {};
    for (const row of rows) if (this.byKey.get(row.key)?.scopes.includes(scope)) values[row.key] = row.value;
    return values;
  }

  /** Workstations that have values, optionally only those owned by `institution`. */
  async workstations(institution?: string): Promise<string[]> {
    const { rows } = await this.db.query<{ scope_id: string }>(
      `select distinct scope_id from system_parameter where scope = 'workstation' and ($1::text is null or institution = $1) order by scope_id`,
      [institution ?? null],
    );
    return rows.map((r) => r.scope_id);
  }

  /** The institution owning a workstation: undefined when it has no values yet, null when owned region-wide. */
  async workstationOwner(workstation: string): Promise<string | null | undefined> {
    const { rows } = await this.db.query<{ institution: string | null }>(
      "select institution from system_parameter where scope = 'workstation' and scope_id = $1 limit 1",
      [workstation],
    );
    return rows.length ? rows[0].institution : undefined;
  }

  /**
   * Applies changes at one scope, all or nothing, audited in the same transaction. Every invalid entry is
   * reported at once: a 400 OperationOutcome with one issue per key (the key as its expression).
   */
  async set(write: ParameterWrite): Promise<void> {
    const { scope, changes } = write;
    const scopeId = scope === 'region' ? '' : write.scopeId;
    const issues: OperationOutcomeIssue[] = [];
    for (const [key, value] of Object.entries(changes)) {
      const problem = this.changeProblem(scope, key, value);
      if (problem) issues.push({ severity: 'error', code: 'invalid', details: { text: `${key}: ${problem}` }, expression: [key] });
    }
    if (issues.length) throw new FhirError(400, issues);
    const keys = Object.keys(changes);
    if (keys.length === 0) return;

    await this.db.transaction(async (tx) => {
      let owner: string | null = scope === 'institution' ? scopeId : null;
      if (scope === 'workstation') {
        // Serialises writers of one workstation so its first value fixes the owner exactly once.
        await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`parameter-workstation:${scopeId}`]);
        const existing = await tx.query<{ institution: string | null }>(
          "select institution from system_parameter where scope = 'workstation' and scope_id = $1 limit 1",
          [scopeId],
        );
        owner = existing.rows.length ? existing.rows[0].institution : (write.institution ?? null);
        if (existing.rows.length && !write.anyOwner && owner !== (write.institution ?? null)) {
          throw forbidden(`Workstation ${scopeId} belongs to institution ${owner ?? '(region)'}`);
        }
      }
      for (const key of keys) {
        const value = changes[key];
        if (value === null) {
          await tx.query('delete from system_parameter where scope = $1 and scope_id = $2 and key = $3', [scope, scopeId, key]);
        } else {
          await tx.query(
            `insert into system_parameter (scope, scope_id, institution, key, value, updated_by) values ($1, $2, $3, $4, $5::jsonb, $6)
             on conflict (scope, scope_id, key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`,
            [scope, scopeId, owner, key, JSON.stringify(value), write.actor.id],
          );
        }
      }
      const removed = keys.filter((k) => changes[k] === null);
      const set = keys.filter((k) => changes[k] !== null);
      const where = scope === 'region' ? 'region' : `${scope} ${scopeId}`;
      await this.audit.recordInTransaction(tx, [
        {
          action: 'operation',
          principal: write.actor,
          sourceIp: write.sourceIp,
          detail: `parameters of ${where} changed${set.length ? `; set: ${set.join(', ')}` : ''}${removed.length ? `; removed: ${removed.join(', ')}` : ''}`,
        },
      ]);
    });
  }

  private changeProblem(scope: ParameterScope, key: string, value: unknown): string | null {
    const definition = this.byKey.get(key);
    if (!definition) return 'unknown parameter';
    if (!definition.scopes.includes(scope)) return `cannot be set per ${scope} (allowed: ${definition.scopes.join(', ')})`;
    if (value === null) return null;
    return parameterValueProblem(definition, value);
  }

  /** Folds defaults and stored values by precedence; values no longer valid for their declaration are skipped. */
  private async effective(location: ParameterLocation, onlyKey?: string): Promise<Record<string, unknown>> {
    const { rows } = await this.db.query<{ scope: ParameterScope; key: string; value: unknown }>(
      `select scope, key, value from system_parameter
        where ($3::text is null or key = $3)
          and ((scope = 'region' and scope_id = '')
            or (scope = 'institution' and scope_id = $1)
            or (scope = 'workstation' and scope_id = $2 and (institution is null or institution = $1)))`,
      [location.institution ?? null, location.workstation ?? null, onlyKey ?? null],
    );
    const values: Record<string, unknown> = {};
    const rank: Record<string, number> = {};
    for (const definition of this.byKey.values()) {
      if (onlyKey === undefined || definition.key === onlyKey) values[definition.key] = definition.default;
    }
    for (const row of rows) {
      const definition = this.byKey.get(row.key);
      if (!definition || !definition.scopes.includes(row.scope) || parameterValueProblem(definition, row.value)) continue;
      if ((rank[row.key] ?? 0) < PRECEDENCE[row.scope]) {
        values[row.key] = row.value;
        rank[row.key] = PRECEDENCE[row.scope];
      }
    }
    return values;
  }
}
