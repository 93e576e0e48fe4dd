import type { FastifyInstance } from 'fastify';
import type { CodeSystem, NamingSystem, ValueSet } from '@medplum/fhirtypes';
import { JobScheduler, kernelJobs, SYSTEM_PRINCIPAL, type Kernel, type Logger, type ModuleContext, type ModuleDefinition } from '@medunion/kernel';
import { authenticate } from '../http/principal.ts';
import { mountFhirOperations } from './fhir-operations.ts';

export interface ModuleRuntime {
  contexts: Map<string, ModuleContext>;
  listeners: { module: string; id: string; port: number }[];
  /** Makes every module job due, runs one scheduler tick and waits for the runs to finish (tests, operator "run now"). */
  runJobsNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Brings modules to life: seeds their terminology, builds their services, mounts their routes under
 * /api/<id>, subscribes their event handlers, schedules their jobs and opens their TCP listeners.
 */
export async function startModules(
  app: FastifyInstance,
  kernel: Kernel,
  modules: ModuleDefinition[],
  log: Logger,
  host: string,
  options: { listeners?: boolean } = {},
): Promise<ModuleRuntime> {
  const services = new Map<string, unknown>();
  const contexts = new Map<string, ModuleContext>();
  for (const mod of modules) {
    contexts.set(mod.id, {
      moduleId: mod.id,
      config: kernel.config,
      db: kernel.db,
      store: kernel.store,
      audit: kernel.audit,
      auth: kernel.auth,
      log,
      parameters: kernel.parameters,
      blobs: kernel.blobs,
      systemContext: { principal: { ...SYSTEM_PRINCIPAL, id: `module:${mod.id}`, username: `module:${mod.id}` }, interface: 'module' },
      service: <S>(id: string) => {
        if (!services.has(id)) throw new Error(`Module ${mod.id} asked for services of "${id}", which is not loaded or declares none`);
        return services.get(id) as S;
      },
    });
  }
  // Write rules first, so that everything written from here on (seeded terminology included) passes them.
  for (const mod of modules) {
    for (const [type, validate] of Object.entries(mod.validators ?? {})) if (validate) kernel.store.validators.register(mod.id, type, validate);
  }
  for (const mod of modules) {
    const ctx = contexts.get(mod.id)!;
    await seedTerminology(ctx, mod.terminology ?? []);
    if (mod.services) services.set(mod.id, mod.services(ctx));
  }
  for (const mod of modules) {
    const ctx = contexts.get(mod.id)!;
    if (mod.routes) {
      await app.register(
        async (scoped) => {
          // Routes marked `config: { public: true }` (a module's token endpoint) answer without a bearer token.
          scoped.addHook('onRequest', async (req, reply) => {
            if (req.routeOptions.config?.public) return;
            await authenticate(kernel.auth)(req, reply);
          });
          await mod.routes!(scoped, ctx);
        },
        { prefix: `/api/${mod.id}` },
      );
    }
    for (const [topic, handler] of Object.entries(mod.on ?? {})) {
      const subscriber = `module:${mod.id}:${topic}`;
      if (typeof handler === 'function') await kernel.bus.subscribe(subscriber, topic, (event) => handler(event, ctx));
      else await kernel.bus.subscribeBatch(subscriber, topic, (events) => handler.batch(events, ctx), { batchSize: handler.batchSize });
    }
  }
  await mountFhirOperations(app, kernel, modules, contexts);
  const scheduler = new JobScheduler(
    kernel.db,
    [
      ...kernelJobs(kernel.db),
      ...modules.flatMap((m) => (m.jobs ?? []).map((j) => ({ id: `${m.id}.${j.id}`, everySeconds: j.everySeconds, run: () => j.run(contexts.get(m.id)!) }))),
    ],
    (jobId, err) => log.error({ err, jobId }, 'job failed'),
  );
  await scheduler.start();
  const listeners: ModuleRuntime['listeners'] = [];
  const closers: (() => Promise<void>)[] = [];
  for (const mod of options.listeners === false ? [] : modules) {
    for (const l of mod.listeners ?? []) {
      const envName = `LISTENER_${mod.id}_${l.id}_PORT`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
      const port = process.env[envName] !== undefined ? Number(process.env[envName]) : l.defaultPort;
      const started = await l.start(contexts.get(mod.id)!, port, host);
      listeners.push({ module: mod.id, id: l.id, port: started.port });
      closers.push(started.close);
      log.info({ module: mod.id, listener: l.id, port: started.port }, 'listener started');
    }
  }
  for (const mod of options.listeners === false ? [] : modules) {
    const started = await mod.start?.(contexts.get(mod.id)!);
    if (started) closers.push(started.stop);
  }
  return {
    contexts,
    listeners,
    runJobsNow: () => scheduler.runNow(),
    stop: async () => {
      await scheduler.stop();
      await Promise.all(closers.map((c) => c()));
    },
  };
}

/** Creates or updates each seeded terminology resource by its identity (unchanged content writes nothing): idempotent across restarts. */
async function seedTerminology(ctx: ModuleContext, resources: (CodeSystem | ValueSet | NamingSystem)[]): Promise<void> {
  for (const r of resources) {
    await ctx.store.conditionalUpdate(ctx.systemContext, r.resourceType, seedIdentity(ctx.moduleId, r), r);
  }
}

/** The search that finds a seeded resource again: url (+version), or for a NamingSystem its preferred unique id. */
function seedIdentity(moduleId: string, r: CodeSystem | ValueSet | NamingSystem): string {
  if (r.resourceType === 'NamingSystem') {
    const id = r.uniqueId?.find((u) => u.preferred)?.value ?? r.uniqueId?.[0]?.value;
    if (!id) throw new Error(`Module ${moduleId}: NamingSystem ${r.name} without a unique id`);
    return new URLSearchParams({ 'value:exact': id }).toString();
  }
  if (!r.url) throw new Error(`Module ${moduleId}: terminology ${r.resourceType} without url`);
  return new URLSearchParams({ url: r.url, ...(r.version ? { version: r.version } : {}) }).toString();
}
