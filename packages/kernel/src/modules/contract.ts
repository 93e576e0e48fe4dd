import type { FastifyInstance } from 'fastify';
import type { CodeSystem, NamingSystem, ValueSet } from '@medplum/fhirtypes';
import type { Migration } from '../db/migrate.ts';
import { checkParameterDefinition } from '../parameters/check.ts';
import type { ParameterDefinition } from '../parameters/definition.ts';
import type { ResourceWriteValidator } from '../store/write-validators.ts';
import type { ModuleContext } from './context.ts';
import { checkFhirOperation, type FhirOperationDeclaration } from './fhir-operations.ts';
import type { DeliveredEventLike } from './events.ts';
import type { LocalizedText } from '../contracts/localized-text.ts';

export type { LocalizedText } from '../contracts/localized-text.ts';

/** A permission a module declares; shown in the role editor's permission tree. */
export interface PermissionDeclaration {
  id: string;
  title: LocalizedText;
}

export interface MenuEntry {
  /** Route in the web shell, e.g. `/notice`. */
  path: string;
  title: LocalizedText;
  icon?: string;
  /** Shown only to users holding this permission. */
  permission?: string;
  children?: MenuEntry[];
}

/** A reaction to committed changes; `topic` as in the outbox: `Type:action`, `Type:status`, `Type:*` or `*`. */
export type ModuleEventHandler = (event: DeliveredEventLike, ctx: ModuleContext) => Promise<void>;

/**
 * A reaction that takes consecutive events together (up to the bus batch size), to handle many in one
 * transaction. It must be all or nothing: after a failure the same events come again one at a time.
 */
export interface ModuleBatchEventHandler {
  batch: (events: DeliveredEventLike[], ctx: ModuleContext) => Promise<void>;
  /** Events per batch (default: the bus batch size, 100). */
  batchSize?: number;
}

/** Scheduled work, run once across the cluster per tick (guarded by a lease in the kernel). */
export interface JobDeclaration {
  id: string;
  /** Every N seconds. (Cron expressions can come later; intervals cover what modules need now.) */
  everySeconds: number;
  run: (ctx: ModuleContext) => Promise<void>;
}

/** A TCP server the module runs (MLLP, ASTM, DICOM…). */
export interface ListenerDeclaration {
  id: string;
  /** Default port; overridable by env `LISTENER_<MODULE>_<ID>_PORT` (0 picks a free port). */
  defaultPort: number;
  start: (ctx: ModuleContext, port: number, host: string) => Promise<{ port: number; close: () => Promise<void> }>;
}

export interface ModuleDefinition<S extends object = object> {
  id: string;
  title: LocalizedText;
  permissions?: PermissionDeclaration[];
  /**
   * CodeSystems/ValueSets the module seeds on start (created or updated by url+version), and NamingSystems
   * (which have no url in R4: found again by their preferred unique id).
   */
  terminology?: (CodeSystem | ValueSet | NamingSystem)[];
  /** Its own tables, prefixed with its id. Migration ids must start with `<id>.`. */
  migrations?: Migration[];
  /** HTTP routes, mounted under `/api/<id>`. Declare schemas so they appear in OpenAPI. */
  routes?: (app: FastifyInstance, ctx: ModuleContext) => Promise<void> | void;
  on?: Record<string, ModuleEventHandler | ModuleBatchEventHandler>;
  jobs?: JobDeclaration[];
  listeners?: ListenerDeclaration[];
  /**
   * Background work that lives as long as the platform and is configured at runtime rather than declared (e.g. the
   * LIS's analyzer connections, opened and closed as instruments are configured). Started after the listeners
   * (not when the platform is built without listeners); the returned `stop` runs at shutdown.
   */
  start?: (ctx: ModuleContext) => Promise<{ stop: () => Promise<void> } | void>;
  /** What other modules may call, built once the kernel is up. */
  services?: (ctx: ModuleContext) => S;
  /** System parameters (全院/本机参数) the module reads; keys prefixed with the id. Values via `ctx.parameters`. */
  parameters?: ParameterDefinition[];
  /**
   * Checks of resources before they are written (by anyone, through any path), keyed by resource type; run by
   * the store inside the write transaction, after structural validation. Issues reject the write with 400.
   */
  validators?: Partial<Record<string, ResourceWriteValidator>>;
  /** FHIR operations (`$name`) the module adds under /fhir/R4. */
  fhirOperations?: FhirOperationDeclaration[];
  /** Menu entries for the web shell. */
  menu?: MenuEntry[];
  /** The module's web entry (pages), loaded by the web shell through the manifest. */
  web?: () => Promise<unknown>;
  /**
   * Seeds the module's demonstration data once per database, after the demo region exists, when SEED_DEMO is on
   * (run by the server's bootstrap where the caller passes the modules). Should be safe to run again: a failed
   * run is retried on the next start.
   */
  demo?: (ctx: ModuleContext) => Promise<void>;
  /** Modules whose demo must run before this one's (e.g. the dictionaries an upload is translated with). */
  demoAfter?: string[];
}

/** Declares a module. Validates the declaration early so mistakes fail at start-up, not at first use. */
export function defineModule<S extends object>(definition: ModuleDefinition<S>): ModuleDefinition<S> {
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(definition.id)) throw new Error(`Module id "${definition.id}" must be lower-case letters, digits or dashes`);
  for (const m of definition.migrations ?? []) {
    if (!m.id.startsWith(`${definition.id}.`)) throw new Error(`Migration "${m.id}" of module ${definition.id} must be prefixed "${definition.id}."`);
  }
  for (const p of definition.permissions ?? []) {
    if (!p.id.startsWith(`${definition.id}.`)) throw new Error(`Permission "${p.id}" of module ${definition.id} must be prefixed "${definition.id}."`);
  }
  for (const op of definition.fhirOperations ?? []) checkFhirOperation(definition.id, op);
  for (const p of definition.parameters ?? []) {
    checkParameterDefinition(p);
    if (!p.key.startsWith(`${definition.id}.`)) throw new Error(`Parameter "${p.key}" of module ${definition.id} must be prefixed "${definition.id}."`);
  }
  return definition;
}
