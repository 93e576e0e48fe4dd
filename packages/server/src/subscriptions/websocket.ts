import type { FastifyInstance } from 'fastify';
import type { Kernel } from '@medunion/kernel';
import type { SubscriptionService } from './subscription-service.ts';

/**
 * FHIR R4 websocket channel at /ws: the client sends `bind <subscription-id>` and receives
 * `bound <id>`, then `ping <id>` whenever a matching resource changes. Authenticate with
 * `?access_token=` (browsers cannot set headers on a websocket) or an Authorization header.
 */
export async function websocketRoutes(app: FastifyInstance, kernel: Kernel, subscriptions: SubscriptionService): Promise<void> {
  app.get('/ws', { websocket: true }, async (socket, req) => {
    const query = req.query as { access_token?: string };
    const token = query.access_token ?? String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    // Listeners are attached before anything is awaited: a client may send `bind` as soon as the socket opens,
    // and a message arriving while the token is still being verified would otherwise be lost.
    const verified = kernel.auth.verifyAccessToken(token).then(
      (principal) => principal,
      () => undefined,
    );
    socket.on('close', () => subscriptions.unbind(socket));
    socket.on('message', async (raw: Buffer) => {
      const principal = await verified;
      if (!principal) return;
      const [command, id] = raw.toString('utf8').trim().split(/\s+/);
      if (command !== 'bind' || !id) {
        socket.send('error expected "bind <subscription-id>"');
        return;
      }
      try {
        // Only a subscription the caller can read may be bound.
        const sub = await kernel.store.read({ principal, interface: 'subscription', sourceIp: req.ip }, 'Subscription', id);
        if (sub.resourceType !== 'Subscription' || (sub as { channel?: { type?: string } }).channel?.type !== 'websocket') {
          socket.send(`error Subscription/${id} is not a websocket subscription`);
          return;
        }
        subscriptions.bind(id, socket);
        socket.send(`bound ${id}`);
      } catch (err) {
        socket.send(`error ${(err as Error).message}`);
      }
    });
    if (!(await verified)) {
      socket.send('error unauthorized');
      socket.close(4401, 'unauthorized');
    }
  });
}
