/**
 * NO_PROXY matching as curl does it (lib/noproxy.c; CURLOPT_NOPROXY and `--noproxy` in curl's
 * documentation), with the differences listed here and in the SDK README:
 *
 * As curl: the list is split on commas and blanks; `*` sends everything direct only when it is the
 * whole value (a `*` among other entries matches nothing); names compare case-insensitively; an
 * entry matches that host and its subdomains (`gradata.ai` matches `api.gradata.ai`, never
 * `notgradata.ai`); one leading dot is ignored (`.gradata.ai` also matches `gradata.ai` itself); a
 * trailing dot is ignored on both sides (`api.gradata.ai.` is `api.gradata.ai`); an IP address host
 * is matched only by IP entries, exactly or by CIDR range (curl 7.86+), IPv4 and IPv6; an IPv6 entry
 * is written without brackets.
 *
 * Where we differ, each for a reason:
 * - `host:port` (or `[v6]:port`) matches that host on that port only; curl compares the entry as a
 *   name, so it matches nothing. Node's and Go's readers honour the port, and a user who wrote it
 *   meant it.
 * - `*.gradata.ai` matches the subdomains of gradata.ai (not gradata.ai itself); curl reads it as a
 *   literal name that matches no host. It is the commonest way people write it.
 * - An IPv6 entry may also be written in brackets (curl: without only).
 * - A prefix of 0 (`0.0.0.0/0`) matches every address of its family; curl treats /0 as "no prefix"
 *   and compares the address exactly.
 * - Blanks around the whole value are ignored, so ` * ` is `*` (curl compares the raw value).
 */
import net from 'node:net';

interface Entry {
  /** Lower case, without brackets, leading dot or trailing dot; `*.` kept for the subdomain form. */
  name: string;
  /** null: any port. */
  port: number | null;
}

/** `name`, `name:port`, `[v6]`, `[v6]:port`, a bare IPv6 (more than one colon: no port), or a CIDR range. */
function parseEntry(raw: string): Entry | null {
  let text = raw.toLowerCase();
  let port: number | null = null;
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    text = bracketed[1] as string;
    port = bracketed[2] === undefined ? null : Number(bracketed[2]);
  } else {
    const withPort = /^([^:]*):(\d+)$/.exec(text);
    if (withPort) {
      text = withPort[1] as string;
      port = Number(withPort[2]);
    }
  }
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text.startsWith('.')) text = text.slice(1);
  return text === '' || text === '*.' ? null : { name: text, port };
}

/** Whether `host` (an IP of `family`) is `address`, or within `address/prefix`. */
function addressMatches(host: string, family: 4 | 6, address: string, prefix: number | null): boolean {
  if (net.isIP(address) !== family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const ranges = new net.BlockList();
  try {
    if (prefix === null) ranges.addAddress(address, type);
    else ranges.addSubnet(address, prefix, type);
  } catch {
    return false; // a prefix out of range: the entry matches nothing
  }
  return ranges.check(host, type);
}

function entryMatches(host: string, family: 0 | 4 | 6, name: string): boolean {
  const slash = name.indexOf('/');
  if (family !== 0) {
    if (slash < 0) return addressMatches(host, family, name, null);
    const prefix = name.slice(slash + 1);
    return /^\d{1,3}$/.test(prefix) && addressMatches(host, family, name.slice(0, slash), Number(prefix));
  }
  if (name.startsWith('*.')) return host.endsWith(name.slice(1));
  return host === name || host.endsWith(`.${name}`);
}

/**
 * True when a request to `hostname` on `port` goes direct under this NO_PROXY value. `hostname`
 * as URL gives it (brackets around IPv6 allowed).
 */
export function bypassesProxy(hostname: string, noProxy: string, port: number): boolean {
  const value = noProxy.trim();
  if (value === '*') return true;
  let host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const family = net.isIP(host) as 0 | 4 | 6;
  if (family === 0 && host.endsWith('.')) host = host.slice(0, -1);
  for (const raw of value.split(/[\s,]+/)) {
    const entry = parseEntry(raw);
    if (entry === null || (entry.port !== null && entry.port !== port)) continue;
    if (entryMatches(host, family, entry.name)) return true;
  }
  return false;
}
