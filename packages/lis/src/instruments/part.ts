import type { ModuleContext } from '@medunion/kernel';
import type { LisPart } from '../part.ts';
import { ConnectionManager, managerOf, registerManager } from './connections/manager.ts';
import { seedDemoInstruments } from './demo.ts';
import { INSTRUMENT_TAG } from './model/device.ts';
import { instrumentRoutes } from './routes/instruments.routes.ts';
import { messageRoutes } from './routes/messages.routes.ts';
import { unmatchedRoutes } from './routes/unmatched.routes.ts';
import { bumpGeneration } from './store/leases.ts';
import { instrumentMigrations } from './store/migrations.ts';

/** The analyzer connections of this process, opened at start and followed as instruments are configured. */
async function startConnections(ctx: ModuleContext): Promise<{ stop: () => Promise<void> }> {
  const manager = new ConnectionManager(ctx);
  registerManager(ctx, manager);
  await manager.start().catch((err: unknown) => ctx.log.error({ err }, 'instrument connections: first start failed, retrying at the next poll'));
  return {
    stop: async () => {
      registerManager(ctx, undefined);
      await manager.stop();
    },
  };
}

/**
 * A Device written through any path (the FHIR API included): every process learns of it through the generation it
 * polls; the process that got the event reconfigures at once.
 */
async function onDeviceChanged(event: { payload: unknown }, ctx: ModuleContext): Promise<void> {
  const tags = (event.payload as { meta?: { tag?: { system?: string; code?: string }[] } } | null)?.meta?.tag;
  if (tags && !tags.some((t) => t.system === INSTRUMENT_TAG.system && t.code === INSTRUMENT_TAG.code)) return;
  await bumpGeneration(ctx.db);
  await managerOf(ctx)?.reconcile();
}

/** Area 3 — instruments (see the LIS README, "Instruments"). Migration ids lis.3nn-…, tables lis_instrument_…, lis_unmatched_result. */
export const instrumentsPart: LisPart = {
  name: 'instruments',
  migrations: instrumentMigrations,
  routes: (app, ctx) => {
    instrumentRoutes(app, ctx);
    messageRoutes(app, ctx);
    unmatchedRoutes(app, ctx);
  },
  on: { 'Device:*': onDeviceChanged },
  start: startConnections,
  demo: seedDemoInstruments,
};
