import { PolicyRepository, policyMigrations } from './access/policy-repository.ts';
import { AuditLog, auditMigrations } from './audit/index.ts';
import { AuthService, authMigrations } from './auth/index.ts';
import type { Config } from './config.ts';
import { openDb, runMigrations, type Db, type Migration } from './db/index.ts';
import { appendToOutbox, EventBus, eventMigrations, outboxEventsFor } from './events/index.ts';
import { loadFhirDefinitions } from './fhir/validation/index.ts';
import { FhirStore } from './store/fhir-store.ts';
import { storeMigrations } from './store/migrations.ts';
import { jobMigrations } from './jobs/migrations.ts';
import { ParameterService, parameterMigrations } from './parameters/index.ts';
import { UserSettings, settingsMigrations } from './settings/index.ts';
import { derivedSearchMigrations } from './fhir/search/derived-reindex.ts';
import { blobMigrations, openBlobStore, type BlobStore } from './blobs/index.ts';

/** Everything the kernel owns, wired together once per process. */
export interface Kernel {
  config: Config;
  db: Db;
  store: FhirStore;
  audit: AuditLog;
  auth: AuthService;
  bus: EventBus;
  policies: PolicyRepository;
  /** Per-user interface settings (`/api/me/settings`). */
  settings: UserSettings;
  /** System parameters: declarations and region/institution/workstation values (`kernel.parameters.resolve`). */
  parameters: ParameterService;
  /** Content-addressed blobs (PDF, DICOM, images): files, or the database (`config.blobUrl`, `openBlobStore`). */
  blobs: BlobStore;
  close(): Promise<void>;
}

export const kernelMigrations: Migration[] = [...storeMigrations, ...policyMigrations, ...auditMigrations, ...authMigrations, ...eventMigrations, ...jobMigrations, ...derivedSearchMigrations, ...settingsMigrations, ...parameterMigrations, ...blobMigrations];

/** Opens the database, runs kernel and module migrations, and builds the services. */
export async function createKernel(config: Config, moduleMigrations: Migration[] = [], db?: Db): Promise<Kernel> {
  loadFhirDefinitions();
  const database = db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await runMigrations(database, [...kernelMigrations, ...moduleMigrations]);
  const blobs = await openBlobStore({ blobUrl: config.blobUrl, dataDir: config.dataDir, db: database, databaseHandedIn: db !== undefined });
  const audit = new AuditLog(database);
  const policies = new PolicyRepository(database);
  const bus = new EventBus({ db: database, dispatches: config.busSubscribers, pollIntervalMs: config.busPollMs });
  const store = new FhirStore({
    db: database,
    policies: () => policies.all(),
    audit,
    outbox: (tx, changes, events) => appendToOutbox(tx, [...changes.flatMap((c) => outboxEventsFor(c.resource, c.action, c.institution ?? undefined)), ...events]),
    afterCommit: (topics) => bus.poke(topics),
  });
  const auth = new AuthService({
    db: database,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
    onAuthEvent: (e) =>
      audit.record({
        action: e.type === 'login-failed' ? 'login' : e.type,
        outcome: e.outcome === 'success' ? '0' : '4',
        principal: { kind: 'anonymous', id: e.userId ?? e.clientId ?? e.username ?? 'unknown', username: e.username },
        detail: e.reason,
      }),
  });
  return {
    config,
    db: database,
    store,
    audit,
    auth,
    bus,
    policies,
    settings: new UserSettings(database),
    parameters: new ParameterService(database, audit),
    blobs,
    close: async () => {
      await bus.stop();
      await database.close();
    },
  };
}
