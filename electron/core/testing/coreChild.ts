// The utilityProcess stand-in for tests (portBridge.test.ts): the same core process code (utilityCore.ts) in a
// child_process.fork child, over Node's IPC channel instead of Electron's parentPort. Not used by production code.
import { runCoreProcess } from '../utilityCore';

const send = process.send?.bind(process);
if (!send) throw new Error('coreChild must be started with child_process.fork (no IPC channel)');
void runCoreProcess(
  {
    send: (message) => {
      send(message);
    },
    onMessage: (listener) => {
      process.on('message', listener);
    },
  },
  () => process.exit(0),
);
