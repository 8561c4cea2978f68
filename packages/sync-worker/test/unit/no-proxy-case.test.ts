/**
 * Host names are case-insensitive, in NO_PROXY as everywhere (curl compares them ignoring case):
 * an entry written in capitals still sends its host direct. Through `proxyFor`, the choice the
 * worker makes, with the environment passed in.
 */
import { proxyFor } from '../../src/sender/proxy-env';

const CLOUD = 'https://api.gradata.ai/api/v1/ingest';
const PROXY = { HTTPS_PROXY: 'http://proxy.corp:3128' };

test.each([
  ['the host in capitals', 'API.GRADATA.AI'],
  ['the host in mixed case', 'Api.Gradata.Ai'],
  ['its domain in capitals', 'GRADATA.AI'],
  ['its domain with a leading dot, in capitals', '.GRADATA.AI'],
  ['among other entries', 'intranet.corp, Gradata.AI ,localhost'],
])('NO_PROXY lists %s: direct', (_name, noProxy) => {
  expect(proxyFor(CLOUD, { ...PROXY, NO_PROXY: noProxy })).toEqual({ kind: 'direct' });
  expect(proxyFor(CLOUD, { ...PROXY, no_proxy: noProxy })).toEqual({ kind: 'direct' });
});

test('an ingest URL written in capitals matches a lower-case entry', () => {
  expect(proxyFor('https://API.GRADATA.AI/api/v1/ingest', { ...PROXY, NO_PROXY: 'api.gradata.ai' })).toEqual({ kind: 'direct' });
});

test('a capitalised entry for another host still leaves the proxy in use', () => {
  expect(proxyFor(CLOUD, { ...PROXY, NO_PROXY: 'GRADATA.AI.EXAMPLE, NOTGRADATA.AI' })).toEqual({ kind: 'proxy', url: 'http://proxy.corp:3128/', variable: 'HTTPS_PROXY' });
});
