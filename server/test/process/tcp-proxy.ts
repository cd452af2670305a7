/**
 * A loopback TCP proxy between the app and PostgreSQL for the suites about the database going away
 * (server/test/database-away.postgres.test.ts): the test can make the database vanish the way a restart does,
 * without touching the real PostgreSQL server other suites use.
 * - `down()`: every open connection is cut (both sides destroyed: the app sees ECONNRESET / "Connection
 *   terminated unexpectedly") and the listening socket is closed, so new connections are refused
 *   (ECONNREFUSED), as while a server restarts;
 * - `hang()`: every open connection is cut, and new ones are accepted but never answered (a server whose host
 *   stopped answering, packets dropped): only the app's connect timeout ends the wait;
 * - `up()`: listens again on the same port and forwards again.
 * Bytes are piped unchanged (no TLS, no protocol parsing).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port it listens on (the same across down/up). */
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via: (url: string) => string;
  /** Connections forwarded so far, and sockets (both sides) cut by `down()`. */
  stats: { accepted: number; cut: number };
  down: () => Promise<void>;
  hang: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const stats = { accepted: 0, cut: 0 };
  let server: Server | undefined;
  let port = 0;
  let hanging = false;
  const held = new Set<Socket>();

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        stats.accepted++;
        if (hanging) {
          held.add(client);
          client.on('error', () => client.destroy()).on('close', () => held.delete(client));
          return;
        }
        const upstream = connect(target.port, target.host);
        open.add(client);
        open.add(upstream);
        const end = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const address = s.address();
        port = typeof address === 'object' && address ? address.port : port;
        server = s;
        resolve();
      });
    });

  const cutAll = () => {
    for (const socket of open) {
      socket.resetAndDestroy();
      stats.cut++;
    }
    open.clear();
    for (const socket of held) socket.resetAndDestroy();
    held.clear();
  };
  const down = async () => {
    hanging = false;
    const s = server;
    server = undefined;
    const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
    // A reset, not a polite FIN: what the app sees when the server's process dies or restarts.
    cutAll();
    await closed;
  };

  await listen();
  return {
    get port() {
      return port;
    },
    via: (url) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    stats,
    down,
    hang: async () => {
      if (!server) await listen();
      hanging = true;
      cutAll();
    },
    up: async () => {
      if (!server) await listen();
      hanging = false;
      for (const socket of held) socket.resetAndDestroy();
      held.clear();
    },
    close: down,
  };
}
