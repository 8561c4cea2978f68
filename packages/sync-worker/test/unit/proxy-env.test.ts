import { bypassesProxy, proxyFor } from '../../src/sender/proxy-env';

const CLOUD = 'https://api.gradata.ai/api/v1/ingest';

describe('proxy from the environment, as curl reads it', () => {
  test.each<[string, Record<string, string>, ReturnType<typeof proxyFor>]>([
    ['nothing set: direct', {}, { kind: 'direct' }],
    ['HTTPS_PROXY', { HTTPS_PROXY: 'http://proxy.corp:3128' }, { kind: 'proxy', url: 'http://proxy.corp:3128/', variable: 'HTTPS_PROXY' }],
    ['https_proxy wins over HTTPS_PROXY', { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' }, { kind: 'proxy', url: 'http://a:1/', variable: 'https_proxy' }],
    ['no scheme means http', { HTTPS_PROXY: 'proxy.corp:3128' }, { kind: 'proxy', url: 'http://proxy.corp:3128/', variable: 'HTTPS_PROXY' }],
    ['an https proxy', { HTTPS_PROXY: 'https://proxy.corp' }, { kind: 'proxy', url: 'https://proxy.corp/', variable: 'HTTPS_PROXY' }],
    ['ALL_PROXY is the fallback', { ALL_PROXY: 'http://all:8080' }, { kind: 'proxy', url: 'http://all:8080/', variable: 'ALL_PROXY' }],
    ['HTTP_PROXY is not for https URLs', { HTTP_PROXY: 'http://plain:80' }, { kind: 'direct' }],
    ['blank is unset', { HTTPS_PROXY: '  ' }, { kind: 'direct' }],
    ['NO_PROXY *', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, { kind: 'direct' }],
    ['no_proxy lists the domain', { HTTPS_PROXY: 'http://p:1', no_proxy: 'intranet, gradata.ai' }, { kind: 'direct' }],
    ['no_proxy wins over NO_PROXY', { HTTPS_PROXY: 'http://p:1', no_proxy: 'other.com', NO_PROXY: 'gradata.ai' }, { kind: 'proxy', url: 'http://p:1/', variable: 'HTTPS_PROXY' }],
    ['a malformed URL is reported, not skipped', { HTTPS_PROXY: 'http://[oops' }, { kind: 'invalid', variable: 'HTTPS_PROXY', problem: 'is not a valid URL' }],
    ['an unsupported scheme is reported', { HTTPS_PROXY: 'socks5://p:1080' }, { kind: 'invalid', variable: 'HTTPS_PROXY', problem: 'uses socks5, and only http and https proxies are supported' }],
  ])('%s', (_name, env, expected) => {
    expect(proxyFor(CLOUD, env)).toEqual(expected);
  });

  test.each(['http://127.0.0.1:8080/api/v1/ingest', 'http://localhost/api/v1/ingest', 'https://[::1]:9/x'])('loopback %s is never proxied', (url) => {
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', http_proxy: 'http://p:1', ALL_PROXY: 'http://p:1' })).toEqual({ kind: 'direct' });
  });

  test('a malformed value never appears in the problem (it may hold credentials)', () => {
    const choice = proxyFor(CLOUD, { HTTPS_PROXY: 'http://user:s3cret@[bad' });
    expect(JSON.stringify(choice)).not.toContain('s3cret');
  });

  test.each<[string, string, boolean]>([
    ['api.gradata.ai', 'gradata.ai', true],
    ['api.gradata.ai', '.gradata.ai', true],
    ['api.gradata.ai', '*.gradata.ai', true],
    ['gradata.ai', 'gradata.ai', true],
    ['notgradata.ai', 'gradata.ai', false],
    ['API.Gradata.AI', 'gradata.ai', true],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['10.1.2.3', '10.1.2.3', true],
    ['[fd00::5]', 'fd00::/8', true],
    ['host.example', 'a.com b.com,host.example', true],
    ['host.example', '', false],
  ])('%s against NO_PROXY=%s → %s', (host, noProxy, expected) => {
    expect(bypassesProxy(host, noProxy)).toBe(expected);
  });
});
