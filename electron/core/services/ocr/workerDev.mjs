// Starts the OCR worker from its TypeScript source (tests and the browser harness; Electron runs the bundled
// ocrWorker.cjs instead). tsx is a development dependency and is never packaged.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
