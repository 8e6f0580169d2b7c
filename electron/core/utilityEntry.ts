// Entry of the core's Electron utilityProcess, bundled to dist/main/core.cjs (ADR 0017). Main forks it and talks to it
// over `process.parentPort`; everything else is in utilityCore.ts, which the tests run in a forked Node child.
import { runCoreProcess } from './utilityCore';

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort;
if (!parentPort) {
  console.error('[core] not started as an Electron utility process (no parentPort)');
  process.exit(2);
}
void runCoreProcess(
  {
    send: (message) => parentPort.postMessage(message),
    onMessage: (listener) => {
      parentPort.on('message', (event) => listener(event.data));
    },
  },
  () => process.exit(0),
);
