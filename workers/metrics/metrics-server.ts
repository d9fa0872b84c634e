// Serves /metrics on SLUICE_METRICS_ADDRESS: the SDK's own metrics (from Core's exporter on loopback), then Sluice's.
import { createServer, type Server } from 'node:http';
import type { SluiceLogger } from '../../runtime/logger';
import { formatExposition, type MetricFamily } from './exposition';

export interface MetricsServerOptions {
  /** `host:port` to listen on (SLUICE_METRICS_ADDRESS). */
  address: string;
  /** Where Core's Prometheus exporter listens (a loopback port only this process uses). */
  sdkAddress: string;
  collect: () => Promise<MetricFamily[]>;
  logger: SluiceLogger;
}

async function sdkExposition(sdkAddress: string): Promise<string> {
  const response = await fetch(`http://${sdkAddress}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`Core's exporter answered ${response.status}`);
  const text = await response.text();
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** Listens at once; rejects with the setting's name when the address cannot be bound. */
export async function serveMetrics(options: MetricsServerOptions): Promise<Server> {
  const { address, sdkAddress, collect, logger } = options;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    void Promise.all([
      sdkExposition(sdkAddress).catch((err: Error) => {
        logger.warn({ err: err.message }, "metrics: the SDK's metrics could not be read");
        return '';
      }),
      collect().then(formatExposition),
    ]).then(
      ([sdk, sluice]) =>
        response
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
          .end(sdk + sluice),
      (err: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
    );
  });
  const [, host = '', port = ''] = /^(.*):(\d+)$/.exec(address) ?? [];
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `SLUICE_METRICS_ADDRESS=${address}: cannot listen there (${err.code ?? err.message}); ` +
            'choose a free port, or unset SLUICE_METRICS_ADDRESS to serve no metrics',
        ),
      ),
    );
    server.listen(Number(port), host, () => resolve());
  });
  logger.info({ url: `http://${address}/metrics` }, 'metrics served');
  return server;
}
