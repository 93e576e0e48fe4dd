/**
 * Web console benchmark, run by `npm run bench` after the store benchmark (only this one: `BENCH_SUITES=web npm run bench`).
 *
 * 1. Builds the console (`vite build`) and measures every chunk raw and gzipped, and the JavaScript the login page
 *    actually fetches in Chromium (the budget: < 500 KB gzipped).
 * 2. Starts the real platform (PGlite in memory, demo region), seeds BENCH_WEB_PATIENTS Patients through the FHIR API,
 *    signs in as admin in Chromium and measures the ResourceTable on 数据浏览 (`/admin/resources?type=Patient`):
 *    time to the first page, page changes (20 rows, then 500 rows per page) and the longest main-thread task
 *    (PerformanceObserver 'longtask', tasks ≥ 50 ms) while loading and paging — the "does not freeze" question.
 *
 * Environment:
 *   BENCH_WEB_PATIENTS  Patients to seed (default 10000)
 *   BENCH_WEB_PAGES     timed page changes per page size (default 20)
 *   BENCH_WEB_BUILD=0   measure (a copy of) the existing packages/web/dist instead of building one
 *   BENCH_WEB_MODULES   comma list of modules to load (default: all, as `npm start`)
 *   BENCH_OUT           markdown file to update (default docs/benchmarks.md; section between bench:web markers)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../packages/kernel/src/config.ts';
import { openPglite } from '../packages/kernel/src/db/index.ts';
import { buildPlatform, type Platform } from '../packages/server/src/app.ts';
import { bootstrap } from '../packages/server/src/bootstrap/bootstrap.ts';
import { Generator } from './data.ts';
import { summarize } from './stats.ts';
import { renderWebSection, updateWebSection, type ChunkSize, type WebBenchResult } from './web-report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'packages/web');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN_PASSWORD = 'Bench@12345';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return n;
}

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] [web] ${message}`);

/** Every built asset, raw and gzipped (zlib's default level, as a compressing proxy would send it). */
function chunkSizes(dist: string): ChunkSize[] {
  const dir = join(dist, 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

/** The JavaScript Chromium fetches to show the login page, gzipped. */
async function loginFirstLoad(browser: Browser, url: string, dist: string): Promise<{ files: number; gzip: number }> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (path.endsWith('.js')) scripts.add(path);
  });
  await page.goto(`${url}/login`, { waitUntil: 'networkidle' });
  await page.getByPlaceholder('用户名').waitFor();
  await context.close();
  const gzip = [...scripts].reduce((sum, path) => sum + gzipSync(readFileSync(join(dist, path))).length, 0);
  return { files: scripts.size, gzip };
}

/** Patients from the store benchmark's generator (Chinese names, ID cards, addresses), 1,000 per transaction Bundle. */
async function seedPatients(url: string, token: string, count: number): Promise<number> {
  const gen = new Generator(20261122);
  const t0 = performance.now();
  for (let done = 0; done < count; done += 1000) {
    const entry = Array.from({ length: Math.min(1000, count - done) }, () => {
      // Owned by the admin's institution, not the generator's synthetic ones.
      const { meta: _meta, ...resource } = gen.patient().resource;
      return { request: { method: 'POST', url: 'Patient' }, resource };
    });
    const res = await fetch(`${url}/fhir/R4`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
    });
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  }
  return (performance.now() - t0) / 1000;
}

/**
 * Installed in the page before the console loads (plain JavaScript: it runs in Chromium, not in Node).
 * `__longTasks` collects every main-thread task of 50 ms or more; `__turnPage()` clicks "next page" (or "previous
 * page" on the last one) and resolves with the milliseconds until the new range is shown and the spinner is gone,
 * checked every frame.
 */
const IN_PAGE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  window.__takeLongTasks = () => { const tasks = window.__longTasks; window.__longTasks = []; return tasks; };
  window.__turnPage = () => new Promise((done, fail) => {
    const range = () => document.querySelector('.ant-pagination-total-text')?.textContent;
    const before = range();
    const button = document.querySelector('.ant-pagination-next:not(.ant-pagination-disabled)') ?? document.querySelector('.ant-pagination-prev:not(.ant-pagination-disabled)');
    if (!button) return fail(new Error('only one page'));
    const t0 = performance.now();
    button.click();
    const check = () => {
      const loading = document.querySelector('.ant-table-wrapper .ant-spin-spinning');
      if (range() !== before && !loading) done(performance.now() - t0);
      else if (performance.now() - t0 > 60000) fail(new Error('page change timed out'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
`;

/** Milliseconds from navigation start until the first page's range ('第 1-20 条') and its rows are on screen (checked every frame). */
async function timeToFirstPage(page: Page, pageSize: number): Promise<number> {
  const range = JSON.stringify(`第 1-${pageSize} 条`);
  const handle = await page.waitForFunction(
    `(document.querySelector('.ant-pagination-total-text')?.textContent ?? '').startsWith(${range}) && document.querySelector('.ant-table-tbody .ant-table-row') ? performance.now() : false`,
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

const turnPageInBrowser = async (page: Page): Promise<number> => (await page.evaluate('window.__turnPage()')) as number;
const takeLongTasks = async (page: Page): Promise<number[]> => (await page.evaluate('window.__takeLongTasks()')) as number[];

async function measureTable(platformUrl: string, browser: Browser, token: string, pages: number): Promise<WebBenchResult['table']> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.addInitScript(IN_PAGE);
  const page = await context.newPage();
  // A failed chunk or a script error would otherwise surface only as a timeout.
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  page.on('response', (res) => res.status() >= 400 && log(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`));
  await page.goto(`${platformUrl}/login`);
  await page.getByPlaceholder('用户名').fill('admin');
  await page.getByPlaceholder('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('menu').first().waitFor();

  // The table's page size is a per-user setting: set it through the API before opening the page.
  const setPageSize = async (size: number | null) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (size !== null) headers['content-type'] = 'application/json';
    const res = await fetch(`${platformUrl}/api/me/settings/table.admin.resources`, { method: size === null ? 'DELETE' : 'PUT', headers, body: size === null ? undefined : JSON.stringify({ pageSize: size }) });
    if (res.status !== 204) throw new Error(`setting the page size failed: ${res.status}`);
  };

  const run = async (pageSize: number) => {
    await setPageSize(pageSize === 20 ? null : pageSize);
    await page.goto(`${platformUrl}/admin/resources?type=Patient`);
    const firstPageMs = await timeToFirstPage(page, pageSize);
    const loadTasks = await takeLongTasks(page);
    const renderedRows = await page.locator('.ant-table-tbody .ant-table-row').count();
    // Warm-up page change (first request of a new offset shape), not timed.
    await turnPageInBrowser(page);
    await takeLongTasks(page);
    const changes: number[] = [];
    for (let i = 0; i < pages; i++) changes.push(await turnPageInBrowser(page));
    const pagingTasks = await takeLongTasks(page);
    log(`${pageSize} rows/page: first page ${firstPageMs.toFixed(0)} ms, page change p50 ${summarize(changes).p50.toFixed(0)} ms, longest task ${Math.max(0, ...pagingTasks).toFixed(0)} ms`);
    return { pageSize, firstPageMs, renderedRows, loadLongestTask: Math.max(0, ...loadTasks), loadLongTasks: loadTasks.length, pageChange: summarize(changes), pagingLongestTask: Math.max(0, ...pagingTasks), pagingLongTasks: pagingTasks.length };
  };

  try {
    return [await run(20), await run(500)];
  } finally {
    await setPageSize(null);
    await context.close();
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** The web benchmark; writes its section of BENCH_OUT. */
export async function runWebBench(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const patients = intEnv('BENCH_WEB_PATIENTS', 10_000);
  const pages = intEnv('BENCH_WEB_PAGES', 20);
  const build = process.env.BENCH_WEB_BUILD !== '0';
  const modules = process.env.BENCH_WEB_MODULES ? process.env.BENCH_WEB_MODULES.split(',').map((m) => m.trim()) : undefined;
  const out = resolve(ROOT, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
  const loadAvg = loadavg();
  log(`web console benchmark: patients=${patients} pages=${pages} build=${build} modules=${modules?.join(',') ?? 'all'}`);

  // A private copy of the build: packages/web/dist may be rebuilt (new hashed names) while the browser is measuring.
  const dist = mkdtempSync(join(tmpdir(), 'medunion-bench-web-'));
  if (build) {
    log('building the console (vite build)');
    execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], { cwd: WEB, stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    if (!existsSync(join(WEB, 'dist/index.html'))) throw new Error('No built console in packages/web/dist: run npm run build (or leave BENCH_WEB_BUILD unset)');
    cpSync(join(WEB, 'dist'), dist, { recursive: true });
  }
  const chunks = chunkSizes(dist);
  const builtAt = statSync(join(dist, 'index.html')).mtime.toISOString();

  const result: WebBenchResult = {
    startedAt,
    seconds: 0,
    config: { patients, pages, build, modules },
    machine: { cpu: cpuModel(), cores: cpus().length, ramBytes: totalmem(), os: `${platform()} ${release()}`, node: process.version, loadAvg, chromium: 'not run' },
    builtAt,
    chunks,
    table: [],
  };

  if (!existsSync(CHROMIUM)) {
    result.skipped = `Chromium not found at ${CHROMIUM}: only build sizes measured.`;
  } else {
    let platformHandle: Platform | undefined;
    let browser: Browser | undefined;
    try {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_PASSWORD, DATA_DIR: '/tmp/medunion-bench-web-unused' });
      platformHandle = await buildPlatform(config, { db: await openPglite(), listeners: false, webDist: dist, modules });
      await bootstrap(platformHandle.kernel);
      const url = await platformHandle.listen();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      result.machine.chromium = browser.version();
      result.loginFirstLoad = await loginFirstLoad(browser, url, dist);
      log(`login first load: ${result.loginFirstLoad.files} JS files, ${(result.loginFirstLoad.gzip / 1024).toFixed(1)} KB gzipped`);

      const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
      const token = ((await login.json()) as { access_token: string }).access_token;
      log(`seeding ${patients} Patients through the FHIR API`);
      result.seedSeconds = await seedPatients(url, token, patients);
      const count = await fetch(`${url}/fhir/R4/Patient?_summary=count&_total=accurate`, { headers: { authorization: `Bearer ${token}` } });
      result.totalPatients = ((await count.json()) as { total: number }).total;
      log(`seeded in ${result.seedSeconds.toFixed(1)} s; ${result.totalPatients} Patients in the store`);
      result.table = await measureTable(url, browser, token, pages);
    } finally {
      await browser?.close();
      await platformHandle?.close();
    }
  }
  rmSync(dist, { recursive: true, force: true });

  result.seconds = (performance.now() - started) / 1000;
  updateWebSection(out, renderWebSection(result));
  log(`wrote ${out}`);
}
