// A free `127.0.0.1:port` for Core's Prometheus exporter, which the metrics server reads and nobody else sees.
import { createServer } from 'node:net';

export function freeLoopbackAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(`127.0.0.1:${port}`));
    });
  });
}
