import { bypassesProxy, proxyFor } from '../../src/sender/proxy-env';

const CLOUD = 'https://api.gradata.ai/api/v1/ingest';
const P = 'http://p:1/';

describe('proxy from the environment, as curl reads it', () => {
  test.each<[string, Record<string, string>, ReturnType<typeof proxyFor>]>([
    ['nothing set: direct', {}, { kind: 'direct' }],
    ['HTTPS_PROXY', { HTTPS_PROXY: 'http://proxy.corp:3128' }, { kind: 'proxy', url: 'http://proxy.corp:3128/', variable: 'HTTPS_PROXY' }],
    ['https_proxy wins over HTTPS_PROXY', { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' }, { kind: 'proxy', url: 'http://a:1/', variable: 'https_proxy' }],
    ['no scheme means http', { HTTPS_PROXY: 'proxy.corp:3128' }, { kind: 'proxy', url: 'http://proxy.corp:3128/', variable: 'HTTPS_PROXY' }],
    ['no port: 1080, curl’s default', { HTTPS_PROXY: 'proxy.corp' }, { kind: 'proxy', url: 'http://proxy.corp:1080/', variable: 'HTTPS_PROXY' }],
    ['http:// and no port: 1080', { HTTPS_PROXY: 'http://proxy.corp' }, { kind: 'proxy', url: 'http://proxy.corp:1080/', variable: 'HTTPS_PROXY' }],
    ['no port, credentials and a path: 1080', { HTTPS_PROXY: 'http://u:p@proxy.corp/x' }, { kind: 'proxy', url: 'http://u:p@proxy.corp:1080/x', variable: 'HTTPS_PROXY' }],
    ['an IPv6 proxy without a port: 1080', { HTTPS_PROXY: 'http://[fd00::1]' }, { kind: 'proxy', url: 'http://[fd00::1]:1080/', variable: 'HTTPS_PROXY' }],
    ['an IPv6 proxy with its port', { HTTPS_PROXY: 'http://[fd00::1]:3128' }, { kind: 'proxy', url: 'http://[fd00::1]:3128/', variable: 'HTTPS_PROXY' }],
    ['port 80 written out stays 80', { HTTPS_PROXY: 'http://proxy.corp:80' }, { kind: 'proxy', url: 'http://proxy.corp/', variable: 'HTTPS_PROXY' }],
    ['an https proxy without a port: 443, curl’s default for it', { HTTPS_PROXY: 'https://proxy.corp' }, { kind: 'proxy', url: 'https://proxy.corp/', variable: 'HTTPS_PROXY' }],
    ['ALL_PROXY is the fallback', { ALL_PROXY: 'http://all:8080' }, { kind: 'proxy', url: 'http://all:8080/', variable: 'ALL_PROXY' }],
    ['all_proxy wins over ALL_PROXY', { all_proxy: 'http://a:1', ALL_PROXY: 'http://b:2' }, { kind: 'proxy', url: 'http://a:1/', variable: 'all_proxy' }],
    ['HTTP_PROXY is not for https URLs', { HTTP_PROXY: 'http://plain:80', http_proxy: 'http://plain:80' }, { kind: 'direct' }],
    ['blank is unset', { HTTPS_PROXY: '  ' }, { kind: 'direct' }],
    ['NO_PROXY *', { HTTPS_PROXY: P, NO_PROXY: '*' }, { kind: 'direct' }],
    ['a * among other entries is not "all"', { HTTPS_PROXY: P, NO_PROXY: 'localhost,*' }, { kind: 'proxy', url: P, variable: 'HTTPS_PROXY' }],
    ['no_proxy lists the domain', { HTTPS_PROXY: P, no_proxy: 'intranet, gradata.ai' }, { kind: 'direct' }],
    ['no_proxy wins over NO_PROXY', { HTTPS_PROXY: P, no_proxy: 'other.com', NO_PROXY: 'gradata.ai' }, { kind: 'proxy', url: P, variable: 'HTTPS_PROXY' }],
    ['an entry with the URL’s port (443 by default)', { HTTPS_PROXY: P, NO_PROXY: 'api.gradata.ai:443' }, { kind: 'direct' }],
    ['an entry with another port', { HTTPS_PROXY: P, NO_PROXY: 'api.gradata.ai:8443' }, { kind: 'proxy', url: P, variable: 'HTTPS_PROXY' }],
    ['a malformed URL is reported, not skipped', { HTTPS_PROXY: 'http://[oops' }, { kind: 'invalid', variable: 'HTTPS_PROXY', problem: 'is not a valid URL' }],
    ['an unsupported scheme is reported', { HTTPS_PROXY: 'socks5://p:1080' }, { kind: 'invalid', variable: 'HTTPS_PROXY', problem: 'uses socks5, and only http and https proxies are supported' }],
  ])('%s', (_name, env, expected) => {
    expect(proxyFor(CLOUD, env)).toEqual(expected);
  });

  test('a trailing-dot ingest host is bypassed by its NO_PROXY entry', () => {
    expect(proxyFor('https://api.gradata.ai./api/v1/ingest', { HTTPS_PROXY: P, NO_PROXY: 'gradata.ai' })).toEqual({ kind: 'direct' });
  });

  test('an entry with a port matches the URL’s own port', () => {
    expect(proxyFor('https://api.gradata.ai:8443/x', { HTTPS_PROXY: P, NO_PROXY: 'api.gradata.ai:8443' })).toEqual({ kind: 'direct' });
  });

  test.each(['http://127.0.0.1:8080/api/v1/ingest', 'http://localhost/api/v1/ingest', 'https://[::1]:9/x'])('loopback %s is never proxied', (url) => {
    expect(proxyFor(url, { HTTPS_PROXY: P, HTTP_PROXY: P, http_proxy: P, ALL_PROXY: P })).toEqual({ kind: 'direct' });
  });

  test('http_proxy applies to nothing: a plain-http URL (only ever loopback) gets no proxy at all', () => {
    // Not even for a non-loopback host, which options refuse anyway: the http agent has no proxy,
    // so answering "proxy" here would go direct while the log said "through the proxy".
    expect(proxyFor('http://ingest.example/api/v1/ingest', { http_proxy: P, HTTP_PROXY: P, ALL_PROXY: P })).toEqual({ kind: 'direct' });
  });

  test('a malformed value never appears in the problem (it may hold credentials)', () => {
    const choice = proxyFor(CLOUD, { HTTPS_PROXY: 'http://user:s3cret@[bad' });
    expect(JSON.stringify(choice)).not.toContain('s3cret');
  });
});

describe('NO_PROXY matching (curl’s rules, and the documented differences)', () => {
  test.each<[string, string, boolean, number?]>([
    // as curl
    ['api.gradata.ai', 'gradata.ai', true],
    ['gradata.ai', 'gradata.ai', true],
    ['notgradata.ai', 'gradata.ai', false],
    ['gradata.ai.org', 'gradata.ai', false],
    ['api.gradata.ai', '.gradata.ai', true],
    ['gradata.ai', '.gradata.ai', true], // curl ignores one leading dot: the domain itself matches too
    ['API.Gradata.AI', 'gradata.ai', true],
    ['api.gradata.ai', 'GRADATA.AI', true],
    ['api.gradata.ai.', 'gradata.ai', true], // trailing dot on the host
    ['api.gradata.ai', 'gradata.ai.', true], // trailing dot on the entry
    ['api.gradata.ai', '*', true],
    ['api.gradata.ai', ' * ', true],
    ['api.gradata.ai', 'localhost,*', false], // only a whole-value * is "all"
    ['api.gradata.ai', '*,localhost', false],
    ['host.example', 'a.com b.com,host.example', true],
    ['host.example', 'a.com,\tb.com ,, host.example', true],
    ['host.example', '', false],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.3', '10.1.2.4', false],
    ['10.1.2.3', '2.3', false], // an IP host never suffix-matches
    ['10.1.2.3', '10.0.0.0/33', false],
    ['10.1.2.3', '10.0.0.0/x', false],
    ['api.gradata.ai', '10.0.0.0/8', false],
    ['[fd00::5]', 'fd00::5', true],
    ['[fd00::5]', 'fd00:0:0::5', true], // compared as addresses, not as text
    ['[fd00::5]', 'fd00::/8', true],
    ['[fe80::1]', 'fd00::/8', false],
    ['[fd00::5]', '10.0.0.0/8', false],
    // our differences from curl
    ['api.gradata.ai', '*.gradata.ai', true],
    ['gradata.ai', '*.gradata.ai', false], // subdomains only
    ['api.gradata.ai', 'api.gradata.ai:443', true, 443],
    ['api.gradata.ai', 'api.gradata.ai:443', false, 8443],
    ['api.gradata.ai', 'gradata.ai:443', true, 443],
    ['[fd00::5]', '[fd00::5]', true],
    ['[fd00::5]', '[fd00::5]:443', true, 443],
    ['[fd00::5]', '[fd00::5]:443', false, 80],
    ['10.1.2.3', '10.1.2.3:443', true, 443],
    ['10.1.2.3', '0.0.0.0/0', true],
  ])('%s against NO_PROXY=%j → %s', (host, noProxy, expected, port = 443) => {
    expect(bypassesProxy(host, noProxy, port)).toBe(expected);
  });
});
