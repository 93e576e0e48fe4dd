import type { FastifyInstance } from 'fastify';
import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { JobScheduler, kernelJobs, SYSTEM_PRINCIPAL, type Kernel, type Logger, type ModuleContext, type ModuleDefinition } from '@medunion/kernel';
import { authenticate } from '../http/principal.ts';

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
      systemContext: { principal: { ...SYSTEM_PRINCIPAL, id: `module:${mod.id}`, username: `module:${mod.id}` }, interface: 'module' },
      service: <S>(id: string) => {
        if (!services.has(id)) throw new Error(`Module ${mod.id} asked for services of "${id}", which is not loaded or declares none`);
        return services.get(id) as S;
      },
    });
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
          scoped.addHook('onRequest', authenticate(kernel.auth));
          await mod.routes!(scoped, ctx);
        },
        { prefix: `/api/${mod.id}` },
      );
    }
    for (const [topic, handler] of Object.entries(mod.on ?? {})) {
      await kernel.bus.subscribe(`module:${mod.id}:${topic}`, topic, (event) => handler(event, ctx));
    }
  }
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

/** Creates or updates each CodeSystem/ValueSet by canonical url (+version): idempotent across restarts. */
async function seedTerminology(ctx: ModuleContext, resources: (CodeSystem | ValueSet)[]): Promise<void> {
  for (const r of resources) {
    if (!r.url) throw new Error(`Module ${ctx.moduleId}: terminology ${r.resourceType} without url`);
    const query = new URLSearchParams({ url: r.url, ...(r.version ? { version: r.version } : {}) }).toString();
    await ctx.store.conditionalUpdate(ctx.systemContext, r.resourceType, query, r);
  }
}
