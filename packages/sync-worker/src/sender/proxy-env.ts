/**
 * Which proxy carries a request, read from the environment the way curl reads it:
 * `https_proxy` / `HTTPS_PROXY` for https URLs (`http_proxy` / `HTTP_PROXY` for http), then
 * `all_proxy` / `ALL_PROXY`, the lower-case name first; `no_proxy` / `NO_PROXY` lists hosts that go
 * direct (`*` for all; `example.com` and `.example.com` match it and its subdomains; an IP or a
 * CIDR range matches addresses). A proxy URL without a scheme is taken as http. Loopback is never
 * proxied. A value we cannot use is reported, never skipped: delivery must not silently go direct
 * around a proxy the company requires.
 */
import net from 'node:net';
import { isLoopbackHost } from '@gradata/core';

export type ProxyChoice =
  | { kind: 'direct' }
  | { kind: 'proxy'; url: string; variable: string }
  /** `problem` never quotes the value: a proxy URL may carry credentials. */
  | { kind: 'invalid'; variable: string; problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const DIRECT: ProxyChoice = Object.freeze({ kind: 'direct' });

/** The first of `names` set to something other than blanks: [name, trimmed value]. */
function firstSet(env: Env, names: readonly string[]): [string, string] | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return [name, value];
  }
  return null;
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** True when `host` is listed in a NO_PROXY value. */
export function bypassesProxy(hostname: string, noProxy: string): boolean {
  const host = bareHost(hostname);
  const hostIsIp = net.isIP(host) !== 0;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = bareHost(raw.trim());
    if (entry === '') continue;
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const address = entry.slice(0, slash);
      const prefix = Number(entry.slice(slash + 1));
      const family = net.isIP(address);
      if (!hostIsIp || family === 0 || !Number.isInteger(prefix)) continue;
      const ranges = new net.BlockList();
      try {
        ranges.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
      } catch {
        continue; // a prefix out of range: the entry matches nothing
      }
      if (ranges.check(host, net.isIP(host) === 6 ? 'ipv6' : 'ipv4')) return true;
      continue;
    }
    const name = entry.replace(/^\*?\./, '');
    if (host === name || (!hostIsIp && host.endsWith(`.${name}`))) return true;
  }
  return false;
}

/** The proxy (or none) for requests to `target`. */
export function proxyFor(target: string, env: Env): ProxyChoice {
  const url = new URL(target);
  if (isLoopbackHost(url.hostname)) return DIRECT;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const found = firstSet(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']);
  if (!found) return DIRECT;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy && bypassesProxy(url.hostname, noProxy[1])) return DIRECT;
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
  return { kind: 'proxy', url: proxy.toString(), variable };
}

/** `host:port` of a proxy URL, for log lines (never its credentials). */
export function proxyHost(proxyUrl: string): string {
  return new URL(proxyUrl).host;
}
