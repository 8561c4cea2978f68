const { fork } = require('node:child_process');
const path = require('node:path');

/** Start the receiver in a child process; resolves with { ingestUrl, ask(type, extra), close() }. */
function startReceiver(options = {}) {
  const child = fork(path.join(__dirname, 'receiver-child.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (type, extra = {}) =>
    new Promise((resolve) => {
      const onMessage = (message) => {
        if (message.type === type) {
          child.off('message', onMessage);
          resolve(message);
        }
      };
      child.on('message', onMessage);
      child.send({ type, ...extra });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message) => {
      resolve({
        ingestUrl: message.ingestUrl,
        ask,
        close: () => new Promise((done) => {
          child.once('exit', done);
          child.send({ type: 'close' });
        }),
      });
    });
  });
}

module.exports = { startReceiver };
