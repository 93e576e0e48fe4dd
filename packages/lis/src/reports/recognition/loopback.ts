import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';

// The HTTP server each platform's LIS runs in, by module context (one per platform, even with several in a process).
const servers = new WeakMap<ModuleContext, FastifyInstance>();

/** Remembers the server the module's routes are mounted on, so the connector can call this platform over HTTP. */
export function rememberServer(ctx: ModuleContext, app: FastifyInstance): void {
  servers.set(ctx, app);
}

/**
 * This platform's own address, for pushing to its 互认 module over HTTP (the module's declared services offer no
 * upload): the address the server actually listens on (a test platform's port is chosen at start), else BASE_URL.
 */
export function ownBaseUrl(ctx: ModuleContext): string {
  const address = servers.get(ctx)?.server.address() as AddressInfo | string | null | undefined;
  if (address && typeof address === 'object') {
    const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }
  return ctx.config.baseUrl;
}
