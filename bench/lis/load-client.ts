/**
 * The LIS benchmark's load client, run as its own process (`node --import tsx`, forked by bench/lis/jobs.ts) so the
 * simulated analyzers and HTTP clients do not share the platform's event loop. Receives one job over IPC, answers
 * with its timings; keeps its analyzer connections open until the parent says stop, then exits.
 */
import { downloadPdfs, placeOrders } from './client-http.ts';
import { runIngest, runQc } from './client-analyzers.ts';
import type { ClientMessage, Job, ParentMessage } from './jobs.ts';

function post(m: ClientMessage): void {
  process.send!(m);
}

/** Resolves on the parent's next message of that type. */
function awaitParent(type: ParentMessage['type']): Promise<void> {
  return new Promise((done) => {
    const on = (m: ParentMessage) => {
      if (m.type !== type) return;
      process.off('message', on);
      done();
    };
    process.on('message', on);
  });
}

async function run(job: Job): Promise<void> {
  const stopped = awaitParent('stop');
  let close = () => {};
  let result: unknown;
  if (job.kind === 'orders') result = await placeOrders(job);
  else if (job.kind === 'pdf') result = await downloadPdfs(job);
  else if (job.kind === 'qc') ({ result, close } = await runQc(job));
  else {
    const go = awaitParent('go');
    ({ result, close } = await runIngest(job, async () => {
      post({ type: 'ready' });
      await go;
    }));
  }
  post({ type: 'result', result });
  await stopped;
  close();
}

if (process.send) {
  process.once('message', (job: Job) => {
    run(job).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        post({ type: 'error', message: (err as Error).message ?? String(err) });
        setTimeout(() => process.exit(1), 100);
      },
    );
  });
}
