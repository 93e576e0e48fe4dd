import type { AuditLog } from '../audit/index.ts';
import type { AuthService } from '../auth/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { FhirStore } from '../store/fhir-store.ts';
import type { RequestContext } from '../store/context.ts';
import type { Logger } from '../logger.ts';
import type { ParameterService } from '../parameters/parameter-service.ts';
import type { BlobStore } from '../blobs/types.ts';

/** What the kernel hands each module: declared capabilities only, never another module's internals. */
export interface ModuleContext {
  moduleId: string;
  config: Config;
  db: Db;
  store: FhirStore;
  audit: AuditLog;
  auth: AuthService;
  log: Logger;
  /** System parameters: `resolve(key, { institution, workstation })` gives the effective value. */
  parameters: ParameterService;
  /** Content-addressed blobs: `put` before the transaction that stores the `urn:medunion:blob:sha256:…` reference. */
  blobs: BlobStore;
  /** A request context for the module's own background work (system principal, interface `module`). */
  systemContext: RequestContext;
  /** Services declared by other modules, looked up by module id. */
  service<S = unknown>(moduleId: string): S;
}
