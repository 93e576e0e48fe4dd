import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `vite build` puts the console (packages/web/dist); `MEDUNION_WEB_DIST` points at another build (parallel work trees, benchmarks). */
export const WEB_DIST = process.env.MEDUNION_WEB_DIST ?? fileURLToPath(new URL('../dist/', import.meta.url));

// Paths owned by the platform's HTTP API: an unknown one there is a FHIR-style 404, never the console's index.html.
const PLATFORM_PREFIXES = ['/api', '/auth', '/oauth2', '/fhir', '/docs', '/ws', '/healthz', '/metrics', '/assets'];

export function isPlatformPath(path: string): boolean {
  return PLATFORM_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Medunion</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Medunion 医共体信息平台</h1>
<p>Web 控制台尚未构建：运行 <code>npm run build</code> 后重启。<br>The web console is not built: run <code>npm run build</code> and restart.</p>
<p>API: <a href="/docs">/docs</a> · FHIR: <a href="/fhir/R4/metadata">/fhir/R4/metadata</a></p>
</body></html>`;

export interface WebConsoleOptions {
  /** Built console to serve; defaults to packages/web/dist. */
  dist?: string;
}

/**
 * Serves the built console at `/` with SPA fallback (call it on the root instance, not inside `register`): any GET outside the platform's API prefixes that is not a file
 * gets index.html, so deep links such as /admin/audit survive a reload. Without a build the server still starts and
 * `/` explains how to build.
 */
export async function webConsole(app: FastifyInstance, options: WebConsoleOptions = {}): Promise<void> {
  const dist = options.dist ?? WEB_DIST;
  const built = existsSync(join(dist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      // Files are listed once at start (the build is immutable while running); the fallback route below stays free.
      wildcard: false,
      setHeaders: (res, path) => {
        // Hashed asset names change with their content; index.html must be revalidated to pick up a new build.
        res.setHeader('cache-control', path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  // SPA fallback in the not-found path rather than a catch-all route: a catch-all would also swallow what the router
  // rejects itself (e.g. an over-long FHIR id gets 414), changing the API's answers. Must be added on the root instance.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.is404 || (req.method !== 'GET' && req.method !== 'HEAD')) return;
    const path = req.url.split('?')[0];
    if (isPlatformPath(path)) return;
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
