import { FaultController, genericBody } from '../../src/faults';

const noScripts = () => ({ ingest: [], sync: [] });

describe('FaultController', () => {
  it('is unarmed, and passes, when nothing is configured', () => {
    const faults = new FaultController({}, noScripts());
    expect(faults.armed).toBe(false);
    expect(faults.next('ingest')).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('consumes scripted entries in order, per route, before standing faults', () => {
    const faults = new FaultController({ failRate: 1 }, { ingest: [500, 200], sync: [413] }, () => 0);
    expect(faults.next('ingest')).toMatchObject({ kind: 'respond', status: 500, body: { error: 'scripted 500' } });
    expect(faults.next('sync')).toMatchObject({ kind: 'respond', status: 413 });
    expect(faults.next('ingest')).toEqual({ kind: 'pass', delayMs: 0 });
    expect(faults.next('ingest')).toMatchObject({ kind: 'respond', status: 503 });
    expect(faults.pending('ingest')).toBe(0);
  });

  it('maps object entries: drop, delay, headers, custom body, 200 without body passes', () => {
    const faults = new FaultController({ latencyMs: 10 }, noScripts());
    faults.push('ingest', [
      { status: 200, drop: true },
      { status: 429, headers: { 'retry-after': '3' }, delayMs: 5 },
      { status: 200, headers: { 'x-extra': '1' } },
      { status: 200, body: 'garbage' },
    ]);
    expect(faults.next('ingest')).toEqual({ kind: 'drop', delayMs: 10 });
    expect(faults.next('ingest')).toEqual({ kind: 'respond', delayMs: 15, status: 429, headers: { 'retry-after': '3' }, body: genericBody(429) });
    expect(faults.next('ingest')).toEqual({ kind: 'pass', delayMs: 10, headers: { 'x-extra': '1' } });
    expect(faults.next('ingest')).toMatchObject({ kind: 'respond', status: 200, body: 'garbage' });
  });

  it('draws drop and failure from the injected random source', () => {
    const draws = [0.1, 0.9, 0.1, 0.9, 0.9];
    const faults = new FaultController({ dropRate: 0.5, failRate: 0.5 }, noScripts(), () => draws.shift() as number);
    expect(faults.next('ingest').kind).toBe('drop');
    expect(faults.next('ingest')).toMatchObject({ kind: 'respond', status: 503 });
    expect(faults.next('ingest')).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('holds every request under neverRespond', () => {
    const faults = new FaultController({ neverRespond: true }, noScripts());
    expect(faults.next('sync')).toEqual({ kind: 'hold' });
  });

  it('re-arms when faults or scripts change', () => {
    const faults = new FaultController({}, noScripts());
    faults.push('sync', [503]);
    expect(faults.armed).toBe(true);
    faults.next('sync');
    expect(faults.armed).toBe(false);
    faults.setFaults({ latencyMs: 1 });
    expect(faults.armed).toBe(true);
    faults.setFaults({});
    expect(faults.armed).toBe(false);
  });

  it('gives 2xx scripted statuses an ok body and errors an { error } body', () => {
    expect(genericBody(202)).toMatchObject({ status: 'ok' });
    expect(genericBody(500)).toEqual({ error: 'scripted 500' });
  });
});
