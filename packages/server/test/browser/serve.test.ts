import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isPlatformPath, webConsole } from '@medunion/web/serve';

describe('web console serving', () => {
  it('starts without a build and says how to build', async () => {
    const app = Fastify();
    await webConsole(app, { dist: '/nonexistent/medunion-web-dist' });
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('npm run build');
    expect((await app.inject({ method: 'GET', url: '/admin/audit' })).body).toContain('npm run build');
    expect((await app.inject({ method: 'GET', url: '/api/unknown' })).statusCode).toBe(404);
    await app.close();
  });

  it('keeps API, FHIR, docs and assets paths out of the SPA fallback', () => {
    for (const p of ['/api/audit', '/auth/me', '/fhir/R4/Patient', '/docs', '/docs/json', '/oauth2/token', '/ws', '/healthz', '/assets/x.js']) expect(isPlatformPath(p), p).toBe(true);
    for (const p of ['/', '/login', '/admin/audit', '/notice', '/apis', '/documents']) expect(isPlatformPath(p), p).toBe(false);
  });
});
