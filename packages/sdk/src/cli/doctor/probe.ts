/**
 * Does the ingest endpoint answer? One `GET` of the ingest URL, with no key and no body, so no
 * correction can be recorded by it: any HTTP answer (a 404 or 405 included) over a verified TLS
 * connection means the host, the route to it and its certificate work. Through the proxy in
 * effect when there is one (an HTTP CONNECT tunnel, as the sync worker uses).
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';

export interface ProbeResult {
  /** An HTTP status came back. */
  answered: boolean;
  status?: number;
  /** Why nothing answered (refused, timed out, a certificate error, the proxy refused the tunnel). */
  error?: string;
  ms: number;
}

export const PROBE_TIMEOUT_MS = 5000;

/** Opens a CONNECT tunnel to `target` through `proxyUrl`; the socket is then TLS-wrapped by the caller. */
function tunnel(proxyUrl: URL, target: URL, timeoutMs: number, signal: AbortSignal): Promise<Duplex> {
  const port = target.port || '443';
  const headers: Record<string, string> = { host: `${target.hostname}:${port}` };
  if (proxyUrl.username) {
    const credentials = `${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const request = (proxyUrl.protocol === 'https:' ? https : http).request({
      host: proxyUrl.hostname,
      port: proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers,
      timeout: timeoutMs,
      signal,
      // An https proxy's own certificate is verified whatever NODE_TLS_REJECT_UNAUTHORIZED says, as delivery does.
      rejectUnauthorized: true,
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy refused the tunnel with ${response.statusCode}`));
    });
    request.once('timeout', () => request.destroy(new Error(`the proxy did not answer within ${timeoutMs} ms`)));
    request.once('error', reject);
    request.end();
  });
}

export async function probeEndpoint(url: string, proxyUrl: string | null, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const started = Date.now();
  const target = new URL(url);
  const elapsed = (): number => Date.now() - started;
  // One deadline for the whole probe (tunnel, handshake, headers): the sockets' idle timeouts alone
  // would let a server that trickles a byte a second hold the doctor for ever.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const socket = proxyUrl === null ? null : await tunnel(new URL(proxyUrl), target, timeoutMs, signal);
    const status = await new Promise<number>((resolve, reject) => {
      const secure = target.protocol === 'https:';
      // TLS verification pinned as delivery pins it (sync-worker's got client): NODE_TLS_REJECT_UNAUTHORIZED=0
      // must not let the doctor report "TLS verified" for a certificate delivery would refuse.
      const options: https.RequestOptions = { method: 'GET', timeout: timeoutMs, signal, rejectUnauthorized: true, headers: { accept: 'application/json' } };
      if (socket) {
        // TLS over the tunnel, verified against the target's name.
        // Node uses createConnection only when no agent is given, so `agent` stays unset here.
        options.createConnection = () => (secure ? tls.connect({ socket, servername: target.hostname, rejectUnauthorized: true }) : socket);
      } else {
        options.agent = false;
      }
      const request = (secure ? https : http).request(target, options, (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      });
      request.once('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.once('error', reject);
      request.end();
    });
    return { answered: true, status, ms: elapsed() };
  } catch (error) {
    if (signal.aborted) return { answered: false, error: `no answer within ${timeoutMs} ms`, ms: elapsed() };
    const err = error as NodeJS.ErrnoException;
    const code = typeof err.code === 'string' && !err.message.includes(err.code) ? `${err.code}: ` : '';
    return { answered: false, error: `${code}${err.message}`, ms: elapsed() };
  }
}
