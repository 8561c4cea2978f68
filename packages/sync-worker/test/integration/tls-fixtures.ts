/** A throwaway certificate, TLS receivers (HTTP/2 or HTTP/1.1 only), a CONNECT proxy, and a child running a worker. */
import { execFileSync, execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface Certificate {
  dir: string;
  keyPath: string;
  certPath: string;
}

/** A self-signed certificate for ingest.test, localhost and 127.0.0.1, made with openssl; it is also its own CA. */
export function makeCertificate(): Certificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-tls-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2',
    '-subj', '/CN=ingest.test', '-addext', 'subjectAltName=DNS:ingest.test,DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { dir, keyPath, certPath };
}

export interface TlsReceiver {
  port: number;
  /** HTTP version of every ingest request answered ('2.0' or '1.1'). */
  versions: string[];
  /** TLS connections accepted. */
  connections: () => number;
  close(): Promise<void>;
}

const OK_BODY = '{"status":"ok","deduplicated":false}';

/** An ingest receiver over TLS: HTTP/2 with HTTP/1.1 fallback (`http2`), or HTTP/1.1 only. */
export async function startTlsReceiver(certificate: Certificate, mode: 'http2' | 'http1'): Promise<TlsReceiver> {
  const versions: string[] = [];
  let connections = 0;
  const options = { key: fs.readFileSync(certificate.keyPath), cert: fs.readFileSync(certificate.certPath) };
  const handler = (request: http.IncomingMessage | http2.Http2ServerRequest, response: http.ServerResponse | http2.Http2ServerResponse): void => {
    request.resume();
    request.on('end', () => {
      versions.push(request.httpVersion);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(OK_BODY);
    });
  };
  const server = mode === 'http2' ? http2.createSecureServer({ ...options, allowHTTP1: true }, handler) : https.createServer(options, handler);
  server.on('secureConnection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    versions,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export interface ConnectProxy {
  url: string;
  /** `host:port` of every CONNECT tunnel opened. */
  tunnels: string[];
  close(): Promise<void>;
}

/** A CONNECT proxy that maps ingest.test to 127.0.0.1 and counts the tunnels it opened. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => {
    response.writeHead(405);
    response.end();
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    const upstream = net.connect(Number(port), host === 'ingest.test' ? '127.0.0.1' : (host as string), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ChildResult {
  flushed: { delivered: number; dead: number; remaining: number };
  report: { delivered: number; remaining: number };
  status: { lastError: string | null; reason?: string | null };
  warnings: string[];
}

/** Runs fixtures/deliver-child.js with only the environment given (plus PATH): a flush, then a stop. */
export function runWorkerChild(args: { dbPath: string; ingestUrl: string; apiKey: string; timeoutMs: number; env: Record<string, string> }): Promise<ChildResult> {
  const script = path.join(__dirname, 'fixtures', 'deliver-child.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, args.dbPath, args.ingestUrl, args.apiKey, String(args.timeoutMs)],
      { env: { PATH: process.env.PATH ?? '', ...args.env }, timeout: args.timeoutMs + 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`child failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as ChildResult);
      },
    );
  });
}
