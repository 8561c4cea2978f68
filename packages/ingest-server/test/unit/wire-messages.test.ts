import { bearerKey } from '../../src/auth';
import { describeValidationError } from '../../src/http-errors';
import { nextWatermark } from '../../src/routes/sync';

describe('bearerKey', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer ', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, key) => {
    expect(bearerKey(header)).toBe(key);
  });
});

describe('describeValidationError', () => {
  const base = { schemaPath: '#', message: 'must be integer' };
  it('names a missing property with its path', () => {
    expect(
      describeValidationError({ ...base, keyword: 'required', instancePath: '/correction', params: { missingProperty: 'draft' } }, 'body'),
    ).toBe('correction.draft is required');
    expect(describeValidationError({ ...base, keyword: 'required', instancePath: '', params: { missingProperty: 'brain_id' } }, 'body')).toBe(
      'brain_id is required',
    );
  });
  it('names a wrongly typed property, or the body itself', () => {
    expect(describeValidationError({ ...base, keyword: 'type', instancePath: '/correction/session', params: {} }, 'body')).toBe(
      'correction.session must be integer',
    );
    expect(describeValidationError({ ...base, keyword: 'type', instancePath: '', params: {}, message: 'must be object' }, 'body')).toBe(
      'body must be object',
    );
  });
});

describe('nextWatermark', () => {
  const event = (created_at: string | number) => ({ event_id: 'e', type: 'T', created_at });
  it('is the created_at of the last event sent', () => {
    expect(nextWatermark({ brain_id: 'b', events: [event('2024-01-02'), event('2024-01-03')], cursor: '2024-01-01' })).toBe('2024-01-03');
    expect(nextWatermark({ brain_id: 'b', events: [event(17)] })).toBe(17);
  });
  it('echoes the cursor (or null) for an empty batch', () => {
    expect(nextWatermark({ brain_id: 'b', events: [], cursor: 'c' })).toBe('c');
    expect(nextWatermark({ brain_id: 'b', events: [] })).toBeNull();
  });
});
