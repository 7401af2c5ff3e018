// Stands in for node:worker_threads in the CommonJS build of the main part (bin/build.mjs
// aliases it): the module is required when a worker or a channel is first made, not when the
// file that imports it is loaded. Loading it costs 26 of Node's own modules (its streams), and
// core/audit-fast.ts, which starts the workers of a long `audit verify`, is loaded by every
// command of the admin module (`rules show`) and by those that span modules (`check`) (ISSUE 14).
// Only what the sources import from it is here (test/core/startup.test.ts checks that such a
// command loads no stream module).
import type * as WorkerThreads from 'node:worker_threads';

let real: typeof WorkerThreads | undefined;
const name = 'node:worker_threads'; // not a literal: the build's alias would give this file again
const load = (): typeof WorkerThreads => (real ??= require(name) as typeof WorkerThreads);

// called with `new`: a constructor that returns an object makes `new` give that object
export const Worker = function Worker(...args: ConstructorParameters<typeof WorkerThreads.Worker>) {
  return new (load().Worker)(...args);
} as unknown as typeof WorkerThreads.Worker;

export const MessageChannel = function MessageChannel() {
  return new (load().MessageChannel)();
} as unknown as typeof WorkerThreads.MessageChannel;

export function receiveMessageOnPort(port: WorkerThreads.MessagePort): ReturnType<typeof WorkerThreads.receiveMessageOnPort> {
  return load().receiveMessageOnPort(port);
}
