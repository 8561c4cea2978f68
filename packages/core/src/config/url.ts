/** Hosts on which plain http is acceptable: the key never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why a key must not be sent to this URL, or null when it may: https anywhere, http only on a
 * loopback host (127.0.0.0/8, ::1, localhost). The one rule Brain and the worker both apply.
 */
export function insecureIngestUrlReason(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return `protocol ${parsed.protocol} is not http(s)`;
  if (!isLoopbackHost(parsed.hostname)) return 'plain http is only allowed to a loopback host; use https';
  return null;
}

/** True when a key may be sent to this URL: https anywhere, http only on loopback. */
export function isSecureIngestUrl(url: string): boolean {
  return insecureIngestUrlReason(url) === null;
}

export function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}
