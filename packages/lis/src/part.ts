import type { FastifyInstance } from 'fastify';
import type { CodeSystem, NamingSystem, ValueSet } from '@medplum/fhirtypes';
import type { JobDeclaration, Migration, ModuleBatchEventHandler, ModuleContext, ModuleDefinition, ModuleEventHandler, ParameterDefinition, ResourceWriteValidator } from '@medunion/kernel';

/**
 * One area of the LIS (catalogue, specimens, instruments, results, QC, statistics) as it contributes to the module
 * contract. Areas are folders that own their tables (migration ids `lis.<area number><nn>-…`), routes and reactions;
 * `assembleParts` merges them into the one module the kernel loads, refusing two areas that claim the same thing.
 */
export interface LisPart {
  name: string;
  terminology?: (CodeSystem | ValueSet | NamingSystem)[];
  migrations?: Migration[];
  routes?: (app: FastifyInstance, ctx: ModuleContext) => Promise<void> | void;
  on?: Record<string, ModuleEventHandler | ModuleBatchEventHandler>;
  jobs?: JobDeclaration[];
  parameters?: ParameterDefinition[];
  validators?: Partial<Record<string, ResourceWriteValidator>>;
  /** Background work configured at runtime (analyzer connections); see the kernel's `start`. */
  start?: (ctx: ModuleContext) => Promise<{ stop: () => Promise<void> } | void>;
  /** Demonstration data, run in the order the parts are listed. */
  demo?: (ctx: ModuleContext) => Promise<void>;
}

type Assembled = Required<Pick<ModuleDefinition, 'terminology' | 'migrations' | 'routes' | 'on' | 'jobs' | 'parameters' | 'validators' | 'start' | 'demo'>>;

export function assembleParts(parts: LisPart[]): Assembled {
  const claim = <T>(what: string, entries: [string, T, string][]): Record<string, T> => {
    const out: Record<string, T> = {};
    const owner = new Map<string, string>();
    for (const [key, value, part] of entries) {
      if (owner.has(key)) throw new Error(`LIS parts ${owner.get(key)} and ${part} both declare ${what} "${key}"`);
      owner.set(key, part);
      out[key] = value;
    }
    return out;
  };
  const on = claim('a reaction to', parts.flatMap((p) => Object.entries(p.on ?? {}).map(([k, v]) => [k, v, p.name] as [string, ModuleEventHandler | ModuleBatchEventHandler, string])));
  const validators = claim('a validator of', parts.flatMap((p) => Object.entries(p.validators ?? {}).map(([k, v]) => [k, v!, p.name] as [string, ResourceWriteValidator, string])));
  claim('the migration', parts.flatMap((p) => (p.migrations ?? []).map((m) => [m.id, m, p.name] as [string, Migration, string])));
  claim('the job', parts.flatMap((p) => (p.jobs ?? []).map((j) => [j.id, j, p.name] as [string, JobDeclaration, string])));
  claim('the parameter', parts.flatMap((p) => (p.parameters ?? []).map((d) => [d.key, d, p.name] as [string, ParameterDefinition, string])));
  return {
    terminology: parts.flatMap((p) => p.terminology ?? []),
    migrations: parts.flatMap((p) => p.migrations ?? []),
    routes: async (app, ctx) => {
      for (const p of parts) await p.routes?.(app, ctx);
    },
    on,
    jobs: parts.flatMap((p) => p.jobs ?? []),
    parameters: parts.flatMap((p) => p.parameters ?? []),
    validators,
    start: async (ctx) => {
      const stops: (() => Promise<void>)[] = [];
      for (const p of parts) {
        const started = await p.start?.(ctx);
        if (started) stops.push(started.stop);
      }
      return { stop: async () => void (await Promise.all(stops.reverse().map((s) => s()))) };
    },
    demo: async (ctx) => {
      for (const p of parts) await p.demo?.(ctx);
    },
  };
}
