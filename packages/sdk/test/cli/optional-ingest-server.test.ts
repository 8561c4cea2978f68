import { isMissingModule, loadIngestServer } from '../../src/cli/lazy';

// The missing-package path itself runs in `npm run test:package`, in an app without the package.
describe('the optional @gradata/ingest-server', () => {
  test('loads when installed (as in this repository)', () => {
    expect(typeof loadIngestServer('demo').startIngestServer).toBe('function');
  });

  test.each([
    ['the package itself is missing', { code: 'MODULE_NOT_FOUND', message: "Cannot find module '@gradata/ingest-server'\nRequire stack:\n- x.js" }, true],
    ['one of its own dependencies is missing', { code: 'MODULE_NOT_FOUND', message: "Cannot find module 'fastify'\nRequire stack:\n- dist/server.js" }, false],
    ['a sub-path of it is missing', { code: 'MODULE_NOT_FOUND', message: "Cannot find module '@gradata/ingest-server/dist/x'" }, false],
    ['it failed to load for another reason', new SyntaxError('Unexpected token'), false],
  ])('only "the package is not installed" becomes the one-line hint: %s', (_case, error, expected) => {
    expect(isMissingModule(error, '@gradata/ingest-server')).toBe(expected);
  });
});
