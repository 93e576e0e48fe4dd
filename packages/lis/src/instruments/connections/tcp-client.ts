import net from 'node:net';
import { nextConnectionNumber } from './runner.ts';
import type { Dial } from './dialer.ts';

/** Client mode: dial the analyzer's host:port (it listens, the LIS connects). */
export function tcpDial(host: string, port: number, timeoutMs = 10_000): Dial {
  return () =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(timeoutMs, () => fail(new Error(`连接超时 / connect timeout after ${timeoutMs} ms`)));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.off('error', fail);
        socket.setTimeout(0);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 30_000);
        resolve({ stream: socket, name: `tcp ${host}:${port} #${nextConnectionNumber()}` });
      });
    });
}
