import { createServer, type Socket } from 'node:net';
import type { ModuleContext } from '@medunion/kernel';
import { publishNotice } from './notices.ts';

const MAX_LINE = 2000;

/**
 * A line protocol for legacy systems that cannot speak HTTP: each line `category|subject|body`
 * becomes a notice; the answer is `OK <id>` or `ERR <reason>` (nothing is stored on ERR).
 */
export async function startNoticeListener(ctx: ModuleContext, port: number, host: string): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    let buffer = '';
    let ended = false;
    let queue = Promise.resolve();
    socket.on('data', (chunk: string) => {
      if (ended) return;
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        // The limit holds however the bytes were split into chunks (a long line may arrive complete).
        if (line.length > MAX_LINE) {
          queue = queue.then(() => void socket.write('ERR line too long\r\n'));
          continue;
        }
        queue = queue.then(() => handleLine(ctx, line).then((reply) => void socket.write(`${reply}\r\n`)));
      }
      if (buffer.length > MAX_LINE) {
        // No end in sight: answer after the lines already queued, then hang up.
        ended = true;
        buffer = '';
        queue = queue.then(() => void socket.end('ERR line too long\r\n'));
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handleLine(ctx: ModuleContext, line: string): Promise<string> {
  if (!line.trim()) return 'ERR empty line';
  const [category, subject, body] = line.split('|');
  if (!['announcement', 'notice', 'alert'].includes(category)) return `ERR unknown category "${category.slice(0, 40)}" (announcement|notice|alert)`;
  if (!subject?.trim()) return 'ERR subject is required';
  try {
    const notice = await publishNotice(ctx, ctx.systemContext, { category: category as 'notice', subject: subject.trim(), body: body?.trim() || undefined });
    return `OK ${notice.id}`;
  } catch (err) {
    return `ERR ${(err as Error).message.slice(0, 200)}`;
  }
}
