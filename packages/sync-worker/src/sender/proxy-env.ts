/**
 * Which proxy carries a request, read from the environment the way curl reads it: for an https
 * URL `https_proxy`, then `HTTPS_PROXY`, then `all_proxy`, then `ALL_PROXY`; `no_proxy` (else
 * `NO_PROXY`) lists hosts that go direct (./no-proxy.ts, with the few places we differ from curl).
 * A proxy URL without a scheme is taken as http; without a port it is 1080 for an http proxy and
 * 443 for an https one, curl's defaults (CURLOPT_PROXYPORT). Loopback is never proxied (curl proxies
 * it unless NO_PROXY lists it).
 *
 * `http_proxy` / `HTTP_PROXY` apply to nothing here, on purpose: a plain-http ingest URL is only
 * allowed on loopback (a key is never sent in clear), and loopback always goes direct. So an http
 * URL gets no proxy at all rather than one that the http agent would ignore.
 *
 * A value we cannot use is reported, never skipped: delivery must not silently go direct around a
 * proxy the company requires. Differences from curl besides NO_PROXY's: a value of only blanks
 * counts as unset (curl would try to use it), and only http and https proxies are supported.
 */
import { isLoopbackHost } from '@gradata/core/delivery-thread';
import { bypassesProxy } from './no-proxy';

export { bypassesProxy };

export type ProxyChoice =
  | { kind: 'direct' }
  | { kind: 'proxy'; url: string; variable: string }
  /** `problem` never quotes the value: a proxy URL may carry credentials. */
  | { kind: 'invalid'; variable: string; problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const DIRECT: ProxyChoice = Object.freeze({ kind: 'direct' });
/** curl's port for a proxy URL that names none (an https proxy's, 443, is the URL's own default). */
const DEFAULT_HTTP_PROXY_PORT = '1080';

/** The first of `names` set to something other than blanks: [name, trimmed value]. */
function firstSet(env: Env, names: readonly string[]): [string, string] | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return [name, value];
  }
  return null;
}

/** Whether the proxy value writes a port itself (URL drops a scheme's default port, so ask the text). */
function hasExplicitPort(value: string): boolean {
  const afterScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authority = afterScheme.split(/[/?#]/, 1)[0] as string;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  return /:\d+$/.test(hostPort.slice(hostPort.lastIndexOf(']') + 1));
}

/** The proxy (or none) for requests to `target`. */
export function proxyFor(target: string, env: Env): ProxyChoice {
  const url = new URL(target);
  // Only an https URL can be proxied: a plain-http one is loopback (see above).
  if (url.protocol !== 'https:' || isLoopbackHost(url.hostname)) return DIRECT;
  const found = firstSet(env, ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']);
  if (!found) return DIRECT;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy && bypassesProxy(url.hostname, noProxy[1], Number(url.port || 443))) return DIRECT;
  const [variable, value] = found;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return { kind: 'invalid', variable, problem: 'is not a valid URL' };
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    return { kind: 'invalid', variable, problem: `uses ${proxy.protocol.slice(0, -1)}, and only http and https proxies are supported` };
  }
  if (proxy.hostname === '') return { kind: 'invalid', variable, problem: 'has no host' };
  if (proxy.protocol === 'http:' && !hasExplicitPort(value)) proxy.port = DEFAULT_HTTP_PROXY_PORT;
  return { kind: 'proxy', url: proxy.toString(), variable };
}

/** `host:port` of a proxy URL, for log lines (never its credentials). */
export function proxyHost(proxyUrl: string): string {
  return new URL(proxyUrl).host;
}
