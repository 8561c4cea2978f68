// A brain whose delivery fails (the receiver answers 422, so rows are dead-lettered) with logging at
// debug and a malformed env value: everything logged must go to stderr. The parent asserts that
// stdout stays empty and that stderr did receive log lines from the main thread and the worker.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Brain } = require('@gradata/sdk');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(422, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'rejected by the package test' }));
  });
});

server.listen(0, '127.0.0.1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-quiet-'));
  const ingestUrl = `http://127.0.0.1:${server.address().port}/api/v1/ingest`;
  const brain = new Brain(dir, { apiKey: 'package-test-key', ingestUrl });
  const dead = new Promise((resolve) => brain.on('dead', resolve));
  await brain.correct('We could maybe refund you.', 'We will refund you within 5 business days.');
  await dead;
  await brain.close({ timeoutMs: 2000 });
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
