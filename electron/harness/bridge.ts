// CLI for the test/dev bridge: `tsx electron/harness/bridge.ts --data-dir <dir>`.
// Prints DESK_BRIDGE_URL=<url with #token> once listening.
import { parseArgs } from 'node:util';
import { startBridge } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'static-dir': { type: 'string', default: 'dist/renderer' },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      'unprotected-secret-store': { type: 'boolean', default: false },
      'allow-insecure-key-storage': { type: 'boolean', default: false },
      'test-hooks': { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'] ?? process.env.ENROLL_DESK_DATA_DIR;
  if (!dataDir) {
    console.error('usage: bridge --data-dir <dir> (or ENROLL_DESK_DATA_DIR)');
    process.exit(2);
  }
  const bridge = await startBridge({
    dataDir,
    staticDir: values['static-dir'],
    port: Number(values.port),
    ...(values.token ? { token: values.token } : {}),
    unprotectedSecretStore: values['unprotected-secret-store'],
    allowInsecureKeyStorage: values['allow-insecure-key-storage'],
    testHooks: values['test-hooks'],
  });
  console.log(`DESK_BRIDGE_URL=${bridge.url}`);
  if (bridge.core.bootError) console.log(`DESK_BOOT_ERROR=${bridge.core.bootError.code}`);
  const stop = () => {
    void bridge.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
