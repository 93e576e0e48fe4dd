import { resolve } from 'node:path';
import { parseBlobUrl } from './blobs/location.ts';

/** One typed configuration object, read from the environment with embedded defaults. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL URL; when absent the embedded PGlite under `<dataDir>/db` is used. */
  databaseUrl?: string;
  /** Blob store (`file:///path` or `db:`); when absent, files under `<dataDir>/blobs` (see `openBlobStore`). */
  blobUrl?: string;
  /** Initial password of `admin` on first start; random (printed once) when unset. */
  adminPassword?: string;
  /** Seed the demo region on first start. */
  seedDemo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Public base URL used in links (Bundle.link, Location); defaults to http://host:port. */
  baseUrl: string;
  /**
   * Which event subscribers this process dispatches (`MEDUNION_BUS_SUBSCRIBERS`): all by default; a comma list of
   * names (`*` as a wildcard) to take only those, each prefixed `-` to take all but those. Every process still
   * publishes; this lets a deployment give a subscriber a process of its own (e.g. the patient index's golden writer).
   */
  busSubscribers?: string[];
  /** How often the bus looks for events other processes committed (`MEDUNION_BUS_POLL_MS`, default 1000). */
  busPollMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intVar(env, 'PORT', 8080);
  const host = env.HOST || '127.0.0.1';
  return {
    port,
    host,
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    blobUrl: blobUrlVar(env),
    adminPassword: env.ADMIN_PASSWORD || undefined,
    seedDemo: env.SEED_DEMO !== 'false',
    logLevel: (env.LOG_LEVEL as Config['logLevel']) || 'info',
    accessTokenTtlSeconds: intVar(env, 'ACCESS_TOKEN_TTL', 3600),
    refreshTokenTtlSeconds: intVar(env, 'REFRESH_TOKEN_TTL', 7 * 86400),
    bodyLimit: intVar(env, 'BODY_LIMIT', 16 * 1024 * 1024),
    baseUrl: (env.BASE_URL || `http://${host}:${port}`).replace(/\/$/, ''),
    busPollMs: intVar(env, 'MEDUNION_BUS_POLL_MS', 1000),
    busSubscribers: env.MEDUNION_BUS_SUBSCRIBERS ? env.MEDUNION_BUS_SUBSCRIBERS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
  };
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

/** `BLOB_URL`, checked at start-up so a typo stops the server instead of storing blobs somewhere unexpected. */
function blobUrlVar(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.BLOB_URL) return undefined;
  parseBlobUrl(env.BLOB_URL);
  return env.BLOB_URL;
}
