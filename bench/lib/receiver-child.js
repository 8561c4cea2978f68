// A local ingest receiver in its own process, so benchmarks measure the SDK, not a receiver
// sharing its event loop. Talks to the parent over IPC.
const { startIngestServer } = require('@gradata/ingest-server');

(async () => {
  const options = JSON.parse(process.argv[2] || '{}');
  const server = await startIngestServer({ logger: false, keys: ['bench-key'], ...options });
  process.on('message', (message) => {
    if (message.type === 'received') {
      const received = {};
      for (const c of server.corrections(message.brainId)) received[c.eventId] = c.receivedAt;
      process.send({ type: 'received', received });
    } else if (message.type === 'counts') {
      process.send({ type: 'counts', counts: server.counts() });
    } else if (message.type === 'close') {
      server.close().then(() => process.exit(0));
    }
  });
  process.send({ type: 'ready', ingestUrl: server.ingestUrl });
})();
