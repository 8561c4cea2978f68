// Fills a brain's outbox in a separate process, so the benchmark's own RSS only shows the SDK.
const { fillBacklog } = require('./fixtures');

fillBacklog(process.argv[2], Number(process.argv[3]));
