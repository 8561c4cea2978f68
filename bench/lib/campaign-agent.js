// A campaign agent: records corrections into a shared brain at an agent's pace and prints each
// committed event id on its own line (a line cut by SIGKILL is ignored by the parent).
// Usage: node campaign-agent.js <brainDir> <count> (GRADATA_API_KEY, GRADATA_CLOUD_INGEST_URL set)
'use strict';
const { Brain } = require('@gradata/sdk');

const [dir, count] = [process.argv[2], Number(process.argv[3])];
const brain = new Brain(dir, { tickSec: 2 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  for (let i = 0; i < count; i++) {
    const tag = `${process.pid}-${i}`;
    const result = await brain.correct(`Please send the report ${tag} by Friday, thanks.`, `Please send the final report ${tag} by Thursday noon.`);
    process.stdout.write(`${result.eventId}\n`);
    await sleep(5);
  }
  await brain.close({ drain: true, timeoutMs: 5_000 });
})().catch((error) => {
  process.stderr.write(`agent failed: ${error.stack}\n`);
  process.exit(1);
});
