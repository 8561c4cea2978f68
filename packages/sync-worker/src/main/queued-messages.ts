import { receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

/**
 * Every message already queued on `port`, taken synchronously and in order. At a thread's `exit`
 * its last messages (a `stopped` reply among them) can still be queued behind the exit event;
 * reading them here, before pending requests are failed, keeps the reply from being lost.
 */
export function takeQueuedMessages(port: MessagePort): unknown[] {
  const messages: unknown[] = [];
  for (let queued = receiveMessageOnPort(port); queued !== undefined; queued = receiveMessageOnPort(port)) messages.push(queued.message);
  return messages;
}
