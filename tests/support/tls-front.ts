// An mTLS front for the plain-TCP dev server (which serves no TLS itself), with throwaway certificates from openssl.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

/** The name in the server certificate: not the address connected to, so TEMPORAL_TLS_SERVER_NAME must be set. */
export const TLS_SERVER_NAME = 'temporal.sluice.test';
export const TLS_CLIENT_NAME = 'sluice-test-client';

export interface TlsFront {
  address: string;
  /** PEM files a client needs: the CA that signed the server's certificate, its own certificate and key. */
  files: { ca: string; clientCert: string; clientKey: string };
  /** The common name of each client certificate the front accepted. */
  clients: string[];
  close(): Promise<void>;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-noenc'];

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, then a server and a client certificate it signs, each with the name in subjectAltName as rustls wants. */
function makeCertificates(dir: string): void {
  openssl(
    dir,
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=sluice-test-ca',
  );
  issue(dir, 'server', TLS_SERVER_NAME, 'serverAuth');
  issue(dir, 'client', TLS_CLIENT_NAME, 'clientAuth');
}

function issue(dir: string, file: string, name: string, usage: string): void {
  openssl(
    dir,
    'req',
    '-new',
    ...EC_KEY,
    '-keyout',
    `${file}.key`,
    '-out',
    `${file}.csr`,
    '-subj',
    `/CN=${name}`,
  );
  writeFileSync(
    path.join(dir, `${file}.ext`),
    `basicConstraints=critical,CA:FALSE\nextendedKeyUsage=${usage}\nsubjectAltName=DNS:${name}\n`,
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${file}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-out',
    `${file}.pem`,
    '-extfile',
    `${file}.ext`,
  );
}

/** Makes a CA, a server and a client certificate in `dir`, then proxies TLS on a free port to `target`. */
export async function startTlsFront(target: string, dir: string): Promise<TlsFront> {
  makeCertificates(dir);
  const read = (file: string) => readFileSync(path.join(dir, file));
  const clients: string[] = [];
  const sockets = new Set<net.Socket>();
  const [host, port] = target.split(':');
  const server = tls.createServer(
    {
      key: read('server.key'),
      cert: read('server.pem'),
      ca: read('ca.pem'),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      clients.push(String(socket.getPeerCertificate().subject.CN));
      const upstream = net.connect(Number(port), host);
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          sockets.delete(s);
          socket.destroy();
          upstream.destroy();
        });
      }
      socket.pipe(upstream).pipe(socket);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: frontPort } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${frontPort}`,
    files: {
      ca: path.join(dir, 'ca.pem'),
      clientCert: path.join(dir, 'client.pem'),
      clientKey: path.join(dir, 'client.key'),
    },
    clients,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
