import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { createKernel, hasPermission, type Config, type Db, type Kernel } from '@medunion/kernel';
import { webConsole } from '@medunion/web/serve';
import { installBodyParsers } from './http/body.ts';
import { frameworkErrors, installErrorHandler } from './http/errors.ts';
import { authenticate, principalOf } from './http/principal.ts';
import { discoverModules, menuFor, type LoadedModules } from './modules/load.ts';
import { startModules, type ModuleRuntime } from './modules/runtime.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminClientRoutes } from './routes/admin-clients.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { parameterRoutes } from './routes/parameters.ts';
import { policyPreviewRoutes } from './routes/policy-preview.ts';
import { settingsRoutes } from './routes/settings.ts';
import { platformStateMigrations } from './bootstrap/state.ts';
import { auditRoutes } from './routes/audit.ts';
import { exportRoutes } from './routes/export.ts';
import { exportXlsxRoutes } from './routes/export-xlsx.ts';
import { metaRoutes } from './routes/meta.ts';
import { printRoutes } from './routes/print.ts';
import { authRoutes } from './routes/auth.ts';
import { fhirRoutes } from './routes/fhir.ts';
import { SubscriptionService } from './subscriptions/subscription-service.ts';
import { websocketRoutes } from './subscriptions/websocket.ts';

export interface Platform {
  app: FastifyInstance;
  kernel: Kernel;
  modules: LoadedModules;
  runtime: ModuleRuntime;
  /** Listen on config.host:config.port (0 = free port); resolves to the bound URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Use this database instead of opening one from the config (tests). */
  db?: Db;
  /** Restrict modules to these ids. */
  modules?: string[];
  /** Open the modules' TCP listeners (default true; tools that only need the HTTP app turn them off). */
  listeners?: boolean;
  /** Serve the console from this directory instead of packages/web/dist (the web benchmark serves a private build). */
  webDist?: string;
}

/** Composition root: kernel + HTTP + modules + subscriptions. */
export async function buildPlatform(config: Config, options: BuildOptions = {}): Promise<Platform> {
  const only = options.modules ?? (process.env.MEDUNION_MODULES ? process.env.MEDUNION_MODULES.split(',') : undefined);
  const modules = await discoverModules(only);
  const kernel = await createKernel(config, [...platformStateMigrations, ...modules.migrations], options.db);
  kernel.parameters.register(modules.modules.flatMap((m) => m.parameters ?? []));
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'body.password', 'body.client_secret'] },
    bodyLimit: config.bodyLimit,
    trustProxy: true,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  });
  installBodyParsers(app);
  installErrorHandler(app);
  await app.register(websocket);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Medunion API', version: '0.1.0', description: 'Non-FHIR routes of the Medunion platform. The FHIR R4 API is described by GET /fhir/R4/metadata.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url }) => ({ schema: { ...schema, hide: url.startsWith('/fhir/') || url === '/ws' || (schema as { hide?: boolean })?.hide }, url }),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  let ready = false;
  app.get('/healthz', { schema: { tags: ['system'], summary: 'Liveness/readiness: 200 once the platform is ready', security: [] } }, async (_req, reply) => {
    if (!ready) return reply.status(503).send({ status: 'starting' });
    await kernel.db.query('select 1');
    return { status: 'ok' };
  });

  await app.register(async (scoped) => authRoutes(scoped, kernel));
  await app.register(
    async (scoped) => {
      scoped.addHook('onRequest', async (req, reply) => {
        if (req.routeOptions.config?.public) return;
        await authenticate(kernel.auth)(req, reply);
      });
      await fhirRoutes(scoped, kernel, modules.modules.flatMap((m) => m.fhirOperations ?? []));
    },
    { prefix: '/fhir/R4' },
  );
  await app.register(async (scoped) => {
    scoped.addHook('onRequest', authenticate(kernel.auth));
    await auditRoutes(scoped, kernel);
    await adminRoutes(scoped, kernel, modules);
    await adminUserRoutes(scoped, kernel);
    await adminClientRoutes(scoped, kernel);
    await policyPreviewRoutes(scoped, kernel);
    await settingsRoutes(scoped, kernel);
    await parameterRoutes(scoped, kernel);
    await exportRoutes(scoped, kernel);
    await exportXlsxRoutes(scoped, kernel);
    await metaRoutes(scoped);
    await printRoutes(scoped, kernel);
    scoped.get('/api/modules', { schema: { tags: ['system'], summary: 'Modules and the menu entries the caller may see (for the web shell)' } }, async (req) => {
      const p = principalOf(req);
      return menuFor(modules.modules, (perm) => hasPermission(p, perm));
    });
  });
  const subscriptions = new SubscriptionService(kernel, app.log);
  await app.register(async (scoped) => websocketRoutes(scoped, kernel, subscriptions));

  // The web console at `/`: its files, and index.html for unknown non-API GETs (deep links); on the root, not encapsulated.
  await webConsole(app, { dist: options.webDist });

  const runtime = await startModules(app, kernel, modules.modules, app.log, config.host, { listeners: options.listeners });
  subscriptions.start();
  kernel.bus.start();
  ready = true;

  return {
    app,
    kernel,
    modules,
    runtime,
    listen: async () => {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const url = `http://${config.host}:${port}`;
      // PORT=0 binds a free port: the default base URL (used in Location and Bundle links) must name the bound one.
      if (config.port === 0 && config.baseUrl === `http://${config.host}:0`) config.baseUrl = url;
      return url;
    },
    close: async () => {
      await app.close();
      await runtime.stop();
      subscriptions.stop();
      await kernel.close();
    },
  };
}
