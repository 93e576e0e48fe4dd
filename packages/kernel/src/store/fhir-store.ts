import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { accessPredicate, type AccessKind, type AccessPolicy, SqlParams } from '../access/policy.ts';
import { hasPermission, type Principal } from '../access/principal.ts';
import type { Db, Queryable } from '../db/types.ts';
import { topicsFor } from '../events/outbox.ts';
import type { OutboxEvent } from '../events/types.ts';
import { badRequest, FhirError, forbidden, gone, notFound, preconditionFailed } from '../fhir/errors.ts';
import { parseFhirDateRange } from '../fhir/search/date-range.ts';
import { parseQuery, type ParsedQuery } from '../fhir/search/query.ts';
import { isKnownResourceType, validateFhirResource } from '../fhir/validation/index.ts';
import type { RequestContext, StoreAudit, StoreAuditEntry } from './context.ts';
import { executeSearch, type SearchResult } from './search.ts';
import { lockNewIds, rowKey, selectRowsForUpdate, updateVersions } from './write-many.ts';
import { WriteValidators } from './write-validators.ts';
import { emptyPending, flushPending, insertNewVersions, normalizeRow, selectRow, writeDeletion, writeVersion, type PendingWrites, type StoredRow } from './write.ts';

export const INSTITUTION_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/institution';
export const MODIFIED_BY_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/modified-by';
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/** A committed change, handed to the outbox inside the write transaction. */
/** An event a module publishes through the outbox (see FhirStore.publishIn). */
export interface ModuleEvent {
  /** `<Type>:create|update|delete`, Type not a FHIR resource type (e.g. `MpiGolden:update`). */
  topic: string;
  /** What the event is about (outbox `resource_id`): an operation or entity id of the module's. */
  key: string;
  institution?: string;
  payload: unknown;
}

export interface StoreChange {
  action: 'create' | 'update' | 'delete';
  resource: Resource;
  institution: string | null;
}

export interface FhirStoreOptions {
  db: Db;
  policies: () => Promise<AccessPolicy[]>;
  audit?: StoreAudit;
  /** Called inside the write transaction (transactional outbox). */
  outbox?: (tx: Queryable, changes: StoreChange[], events: OutboxEvent[]) => Promise<void>;
  /** Called after a write transaction commits with the outbox topics it wrote (wake the event bus). */
  afterCommit?: (topics: string[]) => void;
}

export interface WriteResult {
  resource: Resource;
  /** 201 created, 200 updated/unchanged/existing. */
  status: 200 | 201;
  outcome: 'created' | 'updated' | 'unchanged' | 'existing';
}

/**
 * `trusted`: the caller built the resource from inputs the store has already validated (a module's derived
 * record, e.g. the patient index's golden Patients), so StructureDefinition validation and module validators
 * are skipped. Only system principals may ask for it (403 otherwise); permissions, index rows, history, audit
 * and outbox events are written as for any other write.
 */
export interface TrustedWrite {
  trusted?: boolean;
}

/** One entry of `updateManyIn`: the resource (with its id), an optional If-Match version and owning institution. */
export interface UpdateManyEntry {
  resource: Resource;
  ifMatch?: string;
  institution?: string;
}

/** Per-transaction accumulator so a Bundle commits its outbox and audit once. */
interface Unit {
  tx: Queryable;
  /** Module events published in this transaction (see `publishIn`), appended to the outbox after the resource changes. */
  events?: OutboxEvent[];
  /** Policies fetched before the transaction began: PGlite has one connection, so nothing may query outside `tx` meanwhile. */
  policies: AccessPolicy[];
  pending: PendingWrites;
  changes: StoreChange[];
  audits: StoreAuditEntry[];
}

/**
 * The FHIR resource store. Every method takes the caller's context and enforces, in SQL, the
 * operation permission and the access policies, so no path (REST, module code, export) bypasses them.
 */
export class FhirStore {
  /** Module checks run on every write after structural validation (see write-validators.ts); modules register at start. */
  readonly validators = new WriteValidators();

  constructor(private readonly options: FhirStoreOptions) {}

  get db(): Db {
    return this.options.db;
  }

  // ---------- reads ----------

  async read(ctx: RequestContext, resourceType: string, id: string, unit?: Unit): Promise<Resource> {
    return this.audited(ctx, { action: 'read', resourceType, resourceId: id }, unit, async () => {
      checkType(resourceType);
      checkId(id);
      this.require(ctx, 'fhir.read');
      const row = await this.visibleRow(unit?.tx ?? this.db, ctx, resourceType, id, 'read', unit?.policies);
      if (row.deleted) throw gone(`${resourceType}/${id} has been deleted`);
      return row.content;
    });
  }

  async vread(ctx: RequestContext, resourceType: string, id: string, versionId: string, unit?: Unit): Promise<Resource> {
    return this.audited(ctx, { action: 'vread', resourceType, resourceId: id }, unit, async () => {
      checkType(resourceType);
      checkId(id);
      this.require(ctx, 'fhir.read');
      if (!/^\d{1,9}$/.test(versionId)) throw badRequest(`Invalid version id "${versionId}"`);
      const q = unit?.tx ?? this.db;
      if (unit) await flushPending(unit.tx, unit.pending); // history rows of this transaction are queued
      await this.visibleRow(q, ctx, resourceType, id, 'read', unit?.policies);
      const { rows } = await q.query<{ content: Resource; deleted: boolean }>(
        'select content, deleted from fhir_history where resource_type = $1 and id = $2 and version_id = $3',
        [resourceType, id, Number(versionId)],
      );
      if (!rows[0]) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
      if (rows[0].deleted) throw gone(`${resourceType}/${id} version ${versionId} is a deletion`);
      return rows[0].content;
    });
  }

  async search(ctx: RequestContext, resourceType: string, query: ParsedQuery | Iterable<[string, string]>, unit?: Unit): Promise<SearchResult> {
    checkType(resourceType);
    const parsed = isParsed(query) ? query : parseQuery(resourceType, query);
    return this.audited(ctx, { action: 'search', resourceType, query: describeQuery(parsed) }, unit, async () => {
      this.require(ctx, 'fhir.search');
      const policies = unit?.policies ?? (await this.options.policies());
      if (unit) await flushPending(unit.tx, unit.pending);
      return executeSearch(
        unit?.tx ?? this.db,
        parsed,
        (type, alias, params) => accessPredicate(policies, this.accessRequest(ctx, 'read'), type || undefined, params, alias),
        !!ctx.strictHandling,
      );
    });
  }

  async history(
    ctx: RequestContext,
    resourceType: string,
    id: string | undefined,
    opts: { count?: number; offset?: number; since?: string } = {},
  ): Promise<{ entries: { resource: Resource; deleted: boolean; versionId: number; lastUpdated: string }[]; total: number }> {
    return this.audited(ctx, { action: 'history', resourceType, resourceId: id }, undefined, async () => {
      checkType(resourceType);
      if (id) checkId(id);
      this.require(ctx, 'fhir.history');
      const since = opts.since ? parseFhirDateRange(opts.since)?.lo : undefined;
      if (opts.since && !since) throw badRequest(`_since "${opts.since}" is not a valid FHIR instant`, '_since');
      const policies = await this.options.policies();
      const params = new SqlParams([resourceType]);
      const where = ['h.resource_type = $1', accessPredicate(policies, this.accessRequest(ctx, 'read'), resourceType, params, 'r')];
      if (id) where.push(`h.id = ${params.add(id)}`);
      if (since) where.push(`h.last_updated >= ${params.add(since.toISOString())}::timestamptz`);
      const from = 'fhir_history h join fhir_resource r on r.resource_type = h.resource_type and r.id = h.id';
      const count = await this.db.query<{ n: number }>(`select count(*) as n from ${from} where ${where.join(' and ')}`, params.values);
      const total = Number(count.rows[0].n);
      if (id && total === 0) await this.visibleRow(this.db, ctx, resourceType, id, 'read'); // 404 / 403 rather than an empty history
      const limit = params.add(Math.min(opts.count ?? 50, 1000));
      const offset = params.add(opts.offset ?? 0);
      const { rows } = await this.db.query<{ content: Resource; deleted: boolean; version_id: number; last_updated: Date | string }>(
        `select h.content, h.deleted, h.version_id, h.last_updated from ${from} where ${where.join(' and ')}
         order by h.last_updated desc, h.version_id desc limit ${limit} offset ${offset}`,
        params.values,
      );
      return {
        total,
        entries: rows.map((r) => ({ resource: r.content, deleted: r.deleted, versionId: Number(r.version_id), lastUpdated: new Date(r.last_updated).toISOString() })),
      };
    });
  }

  // ---------- writes ----------

  async create(ctx: RequestContext, resource: Resource, opts: { ifNoneExist?: string; institution?: string } = {}): Promise<WriteResult> {
    return this.inUnit(ctx, (unit) => this.createIn(unit, ctx, resource, opts));
  }

  async update(ctx: RequestContext, resource: Resource, opts: { ifMatch?: string; institution?: string } = {}): Promise<WriteResult> {
    return this.inUnit(ctx, (unit) => this.updateIn(unit, ctx, resource, opts));
  }

  /** Conditional update: `PUT Type?query` — no match creates, one match updates, several is 412. */
  async conditionalUpdate(ctx: RequestContext, resourceType: string, query: string, resource: Resource, opts: { institution?: string } = {}): Promise<WriteResult> {
    return this.inUnit(ctx, (unit) => this.conditionalUpdateIn(unit, ctx, resourceType, query, resource, opts));
  }

  async patch(ctx: RequestContext, resourceType: string, id: string, operations: unknown, opts: { ifMatch?: string } = {}): Promise<WriteResult> {
    return this.inUnit(ctx, (unit) => this.patchIn(unit, ctx, resourceType, id, operations, opts));
  }

  async delete(ctx: RequestContext, resourceType: string, id: string): Promise<void> {
    await this.inUnit(ctx, (unit) => this.deleteIn(unit, ctx, resourceType, id));
  }

  /** batch (independent entries) or transaction (atomic, with urn:uuid references resolved). */
  async bundle(ctx: RequestContext, bundle: Bundle): Promise<Bundle> {
    const { processBundle } = await import('./bundle.ts');
    return processBundle(this, ctx, bundle);
  }

  // ---------- building blocks (also used by bundle processing) ----------

  /**
   * Publishes a module event in the unit's transaction: delivered to subscribers of its topic only if the
   * transaction commits, in commit order with the resource changes (the transactional outbox). For work a module
   * hands to its own later stage, e.g. "these golden records changed". Topics name a non-FHIR type.
   */
  publishIn(unit: Unit, event: ModuleEvent): void {
    const m = /^([A-Z][A-Za-z0-9]*):(create|update|delete)$/.exec(event.topic);
    if (!m || isKnownResourceType(m[1])) throw new Error(`module event topic "${event.topic}" must be "<NonFhirType>:create|update|delete"`);
    (unit.events ??= []).push({ topic: event.topic, resourceType: m[1], resourceId: event.key, action: m[2] as OutboxEvent['action'], institution: event.institution, payload: event.payload });
  }

  /** Runs `fn` in one DB transaction, then emits audit records and wakes the bus after commit. */
  async inUnit<T>(ctx: RequestContext, fn: (unit: Unit) => Promise<T>): Promise<T> {
    let unit: Unit | undefined;
    let auditedInTx = false;
    const policies = await this.options.policies();
    try {
      const result = await this.db.transaction(async (tx) => {
        unit = { tx, policies, pending: emptyPending(), changes: [], audits: [] };
        const value = await fn(unit);
        await flushPending(tx, unit.pending);
        if ((unit.changes.length || unit.events?.length) && this.options.outbox) await this.options.outbox(tx, unit.changes, unit.events ?? []);
        // Audit last: it takes the chain lock, held from here to commit.
        if (this.options.audit?.recordInTransaction && unit.audits.length) {
          await this.options.audit.recordInTransaction(tx, unit.audits);
          auditedInTx = true;
        }
        return value;
      });
      if (unit?.changes.length || unit?.events?.length) {
        const topics = [...unit.changes.flatMap((c) => topicsFor(c.resource, c.action)), ...(unit.events ?? []).map((e) => e.topic)];
        this.options.afterCommit?.([...new Set(topics)]);
      }
      if (!auditedInTx) await this.recordAll(unit?.audits ?? []);
      return result;
    } catch (err) {
      const failed = unit?.audits.length ? unit.audits.map((a) => ({ ...a, outcome: failureOutcome(err) })) : [];
      await this.recordAll(failed);
      throw err;
    }
  }

  async createIn(unit: Unit, ctx: RequestContext, input: Resource, opts: { ifNoneExist?: string; institution?: string; id?: string } & TrustedWrite): Promise<WriteResult> {
    const audit = this.pushAudit(unit, ctx, { action: 'create', resourceType: input?.resourceType });
    this.require(ctx, 'fhir.create');
    const resource = this.prepare(input, ctx, opts.trusted);
    if (opts.ifNoneExist) {
      await unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${resource.resourceType}?${opts.ifNoneExist}`]);
      const existing = await this.findOne(unit, ctx, resource.resourceType, opts.ifNoneExist);
      if (existing) {
        audit.resourceId = existing.id;
        audit.action = 'read';
        return { resource: existing, status: 200, outcome: 'existing' };
      }
    }
    const id = opts.id ?? randomUUID();
    const institution = this.institutionFor(ctx, resource, opts.institution);
    const stored = stamp({ ...resource, id }, 1, new Date(), institution, ctx.principal);
    const { rk, facts } = await writeVersion(unit.tx, unit.pending, stored, 1, new Date(stored.meta!.lastUpdated!), institution, undefined);
    await this.assertWritable(unit, ctx, stored.resourceType, rk);
    Object.assign(audit, { resourceId: id, institution: institution ?? undefined, patientId: facts.patientIds[0] });
    unit.changes.push({ action: 'create', resource: stored, institution });
    return { resource: stored, status: 201, outcome: 'created' };
  }

  /**
   * Creates several resources in one statement (plain POST entries of a transaction Bundle). Same checks
   * as `createIn`; `onInvalid` lets the caller name the offending entry.
   */
  async createManyIn(
    unit: Unit,
    ctx: RequestContext,
    inputs: { resource: Resource; id: string }[],
    onInvalid: (index: number, err: FhirError) => FhirError,
    opts: TrustedWrite = {},
  ): Promise<WriteResult[]> {
    this.require(ctx, 'fhir.create');
    const now = new Date();
    const items = inputs.map(({ resource: input, id }, i) => {
      const audit = this.pushAudit(unit, ctx, { action: 'create', resourceType: input?.resourceType, resourceId: id });
      try {
        const resource = this.prepare(input, ctx, opts.trusted);
        const institution = this.institutionFor(ctx, resource, undefined);
        audit.institution = institution ?? undefined;
        return { resource: stamp({ ...resource, id }, 1, now, institution, ctx.principal), lastUpdated: now, institution, audit };
      } catch (err) {
        throw err instanceof FhirError ? onInvalid(i, err) : err;
      }
    });
    const written = await insertNewVersions(unit.tx, unit.pending, items);
    if (ctx.principal.kind !== 'system') {
      for (let i = 0; i < items.length; i++) {
        try {
          await this.assertWritable(unit, ctx, items[i].resource.resourceType, written[i].rk);
        } catch (err) {
          throw err instanceof FhirError ? onInvalid(i, err) : err;
        }
      }
    }
    return items.map((item, i) => {
      item.audit.patientId = written[i].facts.patientIds[0];
      unit.changes.push({ action: 'create', resource: item.resource, institution: item.institution });
      return { resource: item.resource, status: 201 as const, outcome: 'created' as const };
    });
  }

  async updateIn(unit: Unit, ctx: RequestContext, input: Resource, opts: { ifMatch?: string; institution?: string } & TrustedWrite): Promise<WriteResult> {
    const audit = this.pushAudit(unit, ctx, { action: 'update', resourceType: input?.resourceType, resourceId: input?.id });
    this.require(ctx, 'fhir.update');
    const resource = this.prepare(input, ctx, opts.trusted);
    if (!resource.id) throw badRequest('Resource id is required for update', `${resource.resourceType}.id`);
    checkId(resource.id);
    let current = await selectRow(unit.tx, resource.resourceType, resource.id, true);
    if (!current) {
      // No row to lock yet: serialise concurrent creates of this id, then look again (else one hits the unique key).
      await unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${resource.resourceType}/${resource.id}`]);
      current = await selectRow(unit.tx, resource.resourceType, resource.id, true);
    }
    if (!current) {
      if (opts.ifMatch) throw preconditionFailed(`${resource.resourceType}/${resource.id} does not exist, so If-Match cannot match`);
      // update-as-create with the client's id: audited as the create it is
      unit.audits.splice(unit.audits.indexOf(audit), 1);
      return this.createIn(unit, ctx, resource, { ...opts, id: resource.id });
    }
    await this.assertWritable(unit, ctx, current.resource_type, current.rk);
    if (opts.ifMatch !== undefined && parseETag(opts.ifMatch) !== String(current.version_id)) {
      throw preconditionFailed(`Version conflict: ${resource.resourceType}/${resource.id} is at version ${current.version_id}, If-Match was ${opts.ifMatch}`);
    }
    const institution = opts.institution !== undefined ? this.institutionFor(ctx, resource, opts.institution) : current.institution;
    Object.assign(audit, { institution: institution ?? undefined });
    if (!current.deleted && institution === current.institution && sameContent(current.content, resource)) {
      audit.action = 'update';
      return { resource: current.content, status: 200, outcome: 'unchanged' };
    }
    const version = current.version_id + 1;
    const stored = stamp(resource as Resource & { id: string }, version, new Date(), institution, ctx.principal);
    const { facts } = await writeVersion(unit.tx, unit.pending, stored, version, new Date(stored.meta!.lastUpdated!), institution, current.rk);
    await this.assertWritable(unit, ctx, stored.resourceType, current.rk);
    audit.patientId = facts.patientIds[0];
    unit.changes.push({ action: 'update', resource: stored, institution });
    return { resource: stored, status: 200, outcome: 'updated' };
  }

  /**
   * Updates many resources in one unit with a constant number of statements, however many there are: one
   * `select … for update` of all rows, one statement that rewrites them and drops their index rows, one insert
   * for ids that do not exist yet (update-as-create), and history and index rows with the unit's other queued
   * rows. Per entry exactly what `updateIn` does — validation (or `trusted`), permission and write policies
   * before and after, If-Match (412), unchanged content makes no version, audit, outbox event — and any
   * failing entry aborts the whole unit, named through `onInvalid`. An entry may appear only once.
   */
  async updateManyIn(
    unit: Unit,
    ctx: RequestContext,
    inputs: UpdateManyEntry[],
    onInvalid: (index: number, err: FhirError) => FhirError,
    opts: TrustedWrite = {},
  ): Promise<WriteResult[]> {
    const audits = inputs.map(({ resource }) => this.pushAudit(unit, ctx, { action: 'update', resourceType: resource?.resourceType, resourceId: resource?.id }));
    this.require(ctx, 'fhir.update');
    const named = <T>(i: number, fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        throw err instanceof FhirError ? onInvalid(i, err) : err;
      }
    };
    const seen = new Set<string>();
    const entries = inputs.map((input, i) =>
      named(i, () => {
        const resource = this.prepare(input.resource, ctx, opts.trusted);
        if (!resource.id) throw badRequest('Resource id is required for update', `${resource.resourceType}.id`);
        checkId(resource.id);
        const key = rowKey(resource.resourceType, resource.id);
        if (seen.has(key)) throw badRequest(`${key} appears more than once in one bulk update`, `${resource.resourceType}.id`);
        seen.add(key);
        return { i, key, resource: resource as Resource & { id: string }, ifMatch: input.ifMatch, institution: input.institution, audit: audits[i] };
      }),
    );
    const current = await selectRowsForUpdate(unit.tx, entries.map((e) => e.resource));
    const absent = entries.filter((e) => !current.has(e.key));
    if (absent.length) {
      // No rows to lock yet: serialise concurrent creates of these ids, then look again (as updateIn).
      await lockNewIds(unit.tx, absent.map((e) => e.key));
      for (const [key, row] of await selectRowsForUpdate(unit.tx, absent.map((e) => e.resource))) current.set(key, row);
    }
    const existing = entries.filter((e) => current.has(e.key));
    // Write policies before If-Match, so a 412 never tells a caller the version of a row it may not write.
    await this.assertAllWritable(unit, ctx, existing.map((e) => ({ i: e.i, resourceType: e.resource.resourceType, rk: current.get(e.key)!.rk })), onInvalid);
    const now = new Date();
    const results: WriteResult[] = [];
    const institutions: (string | null)[] = [];
    const updates: { i: number; rk: number; resource: Resource & { id: string }; version: number; lastUpdated: Date; institution: string | null }[] = [];
    const creates: { i: number; resource: Resource & { id: string }; lastUpdated: Date; institution: string | null }[] = [];
    for (const e of entries) {
      const row = current.get(e.key);
      named(e.i, () => {
        const ifMatch = e.ifMatch;
        if (!row) {
          if (ifMatch) throw preconditionFailed(`${e.key} does not exist, so If-Match cannot match`);
          // update-as-create with the caller's id: audited as the create it is
          const institution = this.institutionFor(ctx, e.resource, e.institution);
          Object.assign(e.audit, { action: 'create', institution: institution ?? undefined });
          institutions[e.i] = institution;
          creates.push({ i: e.i, resource: stamp(e.resource, 1, now, institution, ctx.principal), lastUpdated: now, institution });
          return;
        }
        if (ifMatch !== undefined && parseETag(ifMatch) !== String(row.version_id)) {
          throw preconditionFailed(`Version conflict: ${e.key} is at version ${row.version_id}, If-Match was ${ifMatch}`);
        }
        const institution = e.institution !== undefined ? this.institutionFor(ctx, e.resource, e.institution) : row.institution;
        e.audit.institution = institution ?? undefined;
        institutions[e.i] = institution;
        if (!row.deleted && institution === row.institution && sameContent(row.content, e.resource)) {
          results[e.i] = { resource: row.content, status: 200, outcome: 'unchanged' };
          return;
        }
        const version = row.version_id + 1;
        updates.push({ i: e.i, rk: row.rk, resource: stamp(e.resource, version, now, institution, ctx.principal), version, lastUpdated: now, institution });
      });
    }
    const updatedFacts = await updateVersions(unit.tx, unit.pending, updates);
    const created = await insertNewVersions(unit.tx, unit.pending, creates);
    // ... and after: the caller may not move a row out of its own reach.
    const written = [...updates.map((u) => ({ i: u.i, resourceType: u.resource.resourceType, rk: u.rk })), ...creates.map((c, n) => ({ i: c.i, resourceType: c.resource.resourceType, rk: created[n].rk }))];
    await this.assertAllWritable(unit, ctx, written, onInvalid);
    updates.forEach((u, n) => {
      audits[u.i].patientId = updatedFacts[n].patientIds[0];
      results[u.i] = { resource: u.resource, status: 200, outcome: 'updated' };
    });
    creates.forEach((c, n) => {
      audits[c.i].patientId = created[n].facts.patientIds[0];
      results[c.i] = { resource: c.resource, status: 201, outcome: 'created' };
    });
    // Outbox events in input order, as the single updates would have queued them.
    results.forEach((result, i) => {
      if (result.outcome !== 'unchanged') unit.changes.push({ action: result.outcome === 'created' ? 'create' : 'update', resource: result.resource, institution: institutions[i] });
    });
    return results;
  }

  async conditionalUpdateIn(unit: Unit, ctx: RequestContext, resourceType: string, query: string, input: Resource, opts: { institution?: string }): Promise<WriteResult> {
    checkType(resourceType);
    if (input?.resourceType !== resourceType) throw badRequest(`Body resourceType ${input?.resourceType} does not match ${resourceType}`, 'resourceType');
    await unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${resourceType}?${query}`]);
    const matches = await this.findAll(unit, ctx, resourceType, query, 2);
    if (matches.length > 1) throw preconditionFailed(`Conditional update matched more than one ${resourceType} for "${query}"`);
    if (matches.length === 0) {
      if (input.id) {
        const taken = await selectRow(unit.tx, resourceType, input.id, false);
        if (taken && !taken.deleted) throw badRequest(`${resourceType}/${input.id} exists but does not match "${query}"`, `${resourceType}.id`);
        // a deleted resource still holds its id: bring it back as a new version (an insert would violate the key)
        if (taken) return this.updateIn(unit, ctx, input, opts);
      }
      return this.createIn(unit, ctx, input, { institution: opts.institution, id: input.id });
    }
    const match = matches[0];
    if (input.id && input.id !== match.id) throw badRequest(`Body id ${input.id} differs from the matched ${resourceType}/${match.id}`, `${resourceType}.id`);
    return this.updateIn(unit, ctx, { ...input, id: match.id }, opts);
  }

  async patchIn(unit: Unit, ctx: RequestContext, resourceType: string, id: string, operations: unknown, opts: { ifMatch?: string }): Promise<WriteResult> {
    checkType(resourceType);
    checkId(id);
    if (!Array.isArray(operations)) throw badRequest('A JSON Patch body must be an array of operations');
    const current = await selectRow(unit.tx, resourceType, id, true);
    if (!current || current.deleted) {
      this.pushAudit(unit, ctx, { action: 'patch', resourceType, resourceId: id });
      throw current ? gone(`${resourceType}/${id} has been deleted`) : notFound(`${resourceType}/${id} not found`);
    }
    // May the caller write this row at all? Checked before the patch looks inside it: otherwise a failing
    // `test` operation (400) versus 403 would reveal the content of a resource the caller cannot read.
    const audit = this.pushAudit(unit, ctx, { action: 'patch', resourceType, resourceId: id });
    this.require(ctx, 'fhir.update');
    await this.assertWritable(unit, ctx, resourceType, current.rk);
    unit.audits.splice(unit.audits.indexOf(audit), 1); // updateIn records the patch itself
    const error = jsonpatch.validate(operations as Operation[], current.content);
    if (error) throw badRequest(`Invalid JSON Patch at operation ${error.index}: ${error.message.split('\n')[0]}`);
    let patched: Resource;
    try {
      patched = jsonpatch.applyPatch(structuredClone(current.content), operations as Operation[], true, false).newDocument;
    } catch (err) {
      throw new FhirError(422, `JSON Patch failed: ${(err as Error).message.split('\n')[0]}`, 'processing');
    }
    if (patched.resourceType !== resourceType || patched.id !== id) throw badRequest('A patch may not change resourceType or id');
    const result = await this.updateIn(unit, ctx, patched, { ifMatch: opts.ifMatch ?? String(current.version_id) });
    unit.audits[unit.audits.length - 1].action = 'patch';
    return result;
  }

  async deleteIn(unit: Unit, ctx: RequestContext, resourceType: string, id: string): Promise<void> {
    const audit = this.pushAudit(unit, ctx, { action: 'delete', resourceType, resourceId: id });
    checkType(resourceType);
    checkId(id);
    this.require(ctx, 'fhir.delete');
    const current = await selectRow(unit.tx, resourceType, id, true);
    if (!current) throw notFound(`${resourceType}/${id} not found`);
    await this.assertWritable(unit, ctx, resourceType, current.rk);
    audit.institution = current.institution ?? undefined;
    audit.patientId = current.patient_ids[0];
    if (current.deleted) return; // deleting twice is a no-op (idempotent)
    await writeDeletion(unit.tx, unit.pending, current, new Date());
    unit.changes.push({ action: 'delete', resource: current.content, institution: current.institution });
  }

  /** Resolves a conditional reference or `If-None-Exist` query to at most one visible resource. */
  async findOne(unit: Unit, ctx: RequestContext, resourceType: string, query: string): Promise<Resource | undefined> {
    const found = await this.findAll(unit, ctx, resourceType, query, 2);
    if (found.length > 1) throw preconditionFailed(`"${resourceType}?${query}" matched more than one resource`);
    return found[0];
  }

  private async findAll(unit: Unit, ctx: RequestContext, resourceType: string, query: string, limit: number): Promise<Resource[]> {
    const entries = [...new URLSearchParams(query).entries()];
    if (!entries.length) throw badRequest(`Empty search criteria for a conditional operation on ${resourceType}`);
    const parsed = parseQuery(resourceType, entries);
    parsed.count = limit;
    const policies = unit.policies;
    await flushPending(unit.tx, unit.pending);
    const result = await executeSearch(unit.tx, parsed, (type, alias, params) => accessPredicate(policies, this.accessRequest(ctx, 'read'), type || undefined, params, alias), true);
    return result.resources;
  }

  // ---------- helpers ----------

  private accessRequest(ctx: RequestContext, access: AccessKind) {
    return { principal: ctx.principal, access, interface: ctx.interface ?? 'internal' };
  }

  private require(ctx: RequestContext, permission: string): void {
    if (!hasPermission(ctx.principal, permission)) throw forbidden(`Permission ${permission} is required`);
  }

  /** 404 when absent, 403 when present but not visible to the caller. */
  private async visibleRow(q: Queryable, ctx: RequestContext, resourceType: string, id: string, access: AccessKind, cached?: AccessPolicy[]): Promise<StoredRow> {
    const policies = cached ?? (await this.options.policies());
    const params = new SqlParams([resourceType, id]);
    const pred = accessPredicate(policies, this.accessRequest(ctx, access), resourceType, params);
    const { rows } = await q.query<StoredRow & { visible: boolean }>(
      `select r.rk, r.resource_type, r.id, r.version_id, r.last_updated, r.deleted, r.institution, r.patient_ids, r.content, (${pred}) as visible
       from fhir_resource r where r.resource_type = $1 and r.id = $2`,
      params.values,
    );
    if (!rows[0]) throw notFound(`${resourceType}/${id} not found`);
    if (!rows[0].visible) throw forbidden(`Access to ${resourceType}/${id} is not allowed by any policy`);
    return normalizeRow(rows[0]);
  }

  /** Checks, inside the write transaction, that the caller may write this row as it now stands. */
  private async assertWritable(unit: Unit, ctx: RequestContext, resourceType: string, rk: number): Promise<void> {
    if (ctx.principal.kind === 'system') return;
    const policies = unit.policies;
    const tx = unit.tx;
    await flushPending(tx, unit.pending); // exam and category dimensions read index rows
    const params = new SqlParams([rk]);
    const pred = accessPredicate(policies, this.accessRequest(ctx, 'write'), resourceType, params);
    const { rows } = await tx.query(`select 1 from fhir_resource r where r.rk = $1 and ${pred}`, params.values);
    if (!rows.length) throw forbidden(`Writing this ${resourceType} is not allowed by any policy`);
  }

  /** `assertWritable` for many rows: one statement per resource type; the first refused row names its entry. */
  private async assertAllWritable(unit: Unit, ctx: RequestContext, rows: { i: number; resourceType: string; rk: number }[], onInvalid: (index: number, err: FhirError) => FhirError): Promise<void> {
    if (ctx.principal.kind === 'system' || !rows.length) return;
    await flushPending(unit.tx, unit.pending);
    for (const resourceType of new Set(rows.map((r) => r.resourceType))) {
      const ofType = rows.filter((r) => r.resourceType === resourceType);
      const params = new SqlParams([ofType.map((r) => r.rk)]);
      const pred = accessPredicate(unit.policies, this.accessRequest(ctx, 'write'), resourceType, params);
      const { rows: allowed } = await unit.tx.query<{ rk: number }>(`select r.rk from fhir_resource r where r.rk = any($1::bigint[]) and ${pred}`, params.values);
      const ok = new Set(allowed.map((r) => Number(r.rk)));
      const refused = ofType.find((r) => !ok.has(r.rk));
      if (refused) throw onInvalid(refused.i, forbidden(`Writing this ${resourceType} is not allowed by any policy`));
    }
  }

  private prepare(input: Resource, ctx: RequestContext, trusted = false): Resource {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('The body must be a FHIR resource (a JSON object)');
    checkType(input.resourceType);
    if (trusted) {
      if (ctx.principal.kind !== 'system') throw forbidden('Only system contexts may write without validation (trusted)');
      return input;
    }
    const issues = validateFhirResource(input);
    if (issues.length) throw new FhirError(400, issues);
    // Module rules (e.g. identifier check digits) only see structurally valid resources.
    const ruleIssues = this.validators.check(input, ctx);
    if (ruleIssues.length) throw new FhirError(400, ruleIssues);
    return input;
  }

  /** The owning institution: explicit (region-wide actors only), else the caller's, else the one already stamped. */
  private institutionFor(ctx: RequestContext, resource: Resource, explicit: string | undefined): string | null {
    const p = ctx.principal;
    const stamped = institutionOf(resource);
    const wanted = explicit ?? stamped;
    if (wanted && wanted !== p.institution && !p.regionAdmin && !p.institutions.includes(wanted)) {
      throw forbidden(`You may not assign data to institution ${wanted}`);
    }
    return wanted ?? p.institution ?? null;
  }

  private pushAudit(unit: Unit, ctx: RequestContext, entry: Partial<StoreAuditEntry> & { action: StoreAuditEntry['action'] }): StoreAuditEntry {
    const full: StoreAuditEntry = { outcome: '0', principal: ctx.principal, sourceIp: ctx.sourceIp, ...entry };
    unit.audits.push(full);
    return full;
  }

  private async recordAll(entries: StoreAuditEntry[]): Promise<void> {
    if (!this.options.audit) return;
    await Promise.all(entries.map((e) => this.options.audit!.record(e)));
  }

  /** Runs a read-side operation and audits it; inside a Bundle transaction the record waits for the commit. */
  private async audited<T>(ctx: RequestContext, entry: Omit<StoreAuditEntry, 'outcome' | 'principal'>, unit: Unit | undefined, fn: () => Promise<T>): Promise<T> {
    const full: StoreAuditEntry = { ...entry, outcome: '0', principal: ctx.principal, sourceIp: ctx.sourceIp };
    const record = async (e: StoreAuditEntry) => (unit ? void unit.audits.push(e) : this.options.audit?.record(e));
    try {
      const result = await fn();
      if (result && typeof result === 'object' && 'resourceType' in result) {
        const r = result as Resource;
        full.institution = institutionOf(r);
        if (r.resourceType === 'Patient') full.patientId = r.id;
      }
      await record(full);
      return result;
    } catch (err) {
      await record({ ...full, outcome: failureOutcome(err), detail: (err as Error).message });
      throw err;
    }
  }
}

function failureOutcome(err: unknown): '4' | '8' {
  return err instanceof FhirError && err.status < 500 ? '4' : '8';
}

function isParsed(q: unknown): q is ParsedQuery {
  return typeof q === 'object' && q !== null && 'criteria' in q && 'resourceType' in q;
}

function describeQuery(q: ParsedQuery): string {
  return [...q.criteria.map((c) => `${c.raw}=${c.values.join(',')}`), ...q.has.map((h) => `_has:${h.targetType}:${h.refParam}:${h.criterion.raw}`)].join('&');
}

export function checkType(resourceType: unknown): asserts resourceType is string {
  if (typeof resourceType !== 'string' || !isKnownResourceType(resourceType)) {
    throw new FhirError(typeof resourceType === 'string' && /^[A-Z][A-Za-z]{0,63}$/.test(resourceType) ? 404 : 400, `Unknown resource type "${String(resourceType).slice(0, 64)}"`, 'not-supported');
  }
}

export function checkId(id: string): void {
  if (!ID_RE.test(id)) throw badRequest(`Invalid resource id "${id.slice(0, 80)}": FHIR ids are 1–64 of A–Z a–z 0–9 - .`);
}

export function parseETag(tag: string): string {
  return tag.replace(/^W\//, '').replace(/"/g, '');
}

export function institutionOf(resource: Resource): string | undefined {
  const ext = resource.meta?.extension?.find((e) => e.url === INSTITUTION_EXTENSION);
  return ext?.valueReference?.reference?.split('/')[1];
}

/** Sets version metadata and the owning-institution extension on the stored copy. */
function stamp<T extends Resource>(resource: T, version: number, at: Date, institution: string | null, author: Principal): T & { id: string } {
  const extensions = (resource.meta?.extension ?? []).filter((e) => e.url !== INSTITUTION_EXTENSION && e.url !== MODIFIED_BY_EXTENSION);
  if (institution) extensions.push({ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } });
  // Who wrote this version: work done later on the writer's behalf (Subscription delivery) runs with their access.
  extensions.push({ url: MODIFIED_BY_EXTENSION, valueString: `${author.kind}/${author.id}` });
  const meta = { ...resource.meta, versionId: String(version), lastUpdated: at.toISOString(), extension: extensions };
  return { ...resource, meta } as T & { id: string };
}

/** `user/<id>`, `client/<id>` or `system/<id>`: the principal who wrote the current version. */
export function modifiedByOf(resource: Resource): { kind: Principal['kind']; id: string } | undefined {
  const value = resource.meta?.extension?.find((e) => e.url === MODIFIED_BY_EXTENSION)?.valueString;
  const m = value ? /^(user|client|system)\/(.+)$/.exec(value) : null;
  return m ? { kind: m[1] as Principal['kind'], id: m[2] } : undefined;
}

/** Equal apart from server-managed metadata: an upload that changes nothing makes no new version. */
function sameContent(a: Resource, b: Resource): boolean {
  const strip = (r: Resource) => {
    const { meta, ...rest } = r;
    const m = { ...meta };
    delete m.versionId;
    delete m.lastUpdated;
    delete m.extension;
    return JSON.stringify(canonical({ ...rest, meta: m }));
  };
  return strip(a) === strip(b);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}


export type { BundleEntry, Unit };
