import { createServer, connect, type AddressInfo, type Socket } from "node:net";

/**
 * A TCP proxy the test controls, between a console it starts and one shared service: `cut()` resets every
 * open connection and every new one (the dependency is gone, as if stopped), `restore()` lets connections
 * through again. The shared service itself is never touched, so other people's work goes on.
 */
export type TcpProxy = { port: number; cut(): void; restore(): void; close(): Promise<void> };

export async function tcpProxy(host: string, port: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(port, host);
    open.add(client).add(upstream);
    const close = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      cut = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** `postgresql://u:p@host:5432/db` with its host and port replaced by the proxy's. */
export function through(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(proxy.port);
  return parsed.toString().replace(/\/$/, url.endsWith("/") ? "/" : "");
}
