// An agent's first contact: record one correction and deliver it to the receiver named by
// GRADATA_CLOUD_INGEST_URL (key from GRADATA_API_KEY). Prints the outcome as JSON; on a typed error
// prints `Name [CODE]: message` on stderr and exits 1.
'use strict';
const { Brain } = require('@gradata/sdk');

(async () => {
  const brain = new Brain(process.argv[2], { exitHooks: false });
  const result = await brain.correct('The Pro plan costs $49 a month, billed yearly.', 'The Pro plan costs $59 a month, billed monthly.');
  const flushed = await brain.flush({ timeoutMs: 60_000 });
  await brain.close({ timeoutMs: 5000 });
  console.log(JSON.stringify({ node: process.version, brainId: brain.brainId, eventId: result.eventId, queued: result.queued, flushed }));
})().catch((error) => {
  console.error(`${error.name} [${error.code}]: ${error.message}`);
  process.exit(1);
});
