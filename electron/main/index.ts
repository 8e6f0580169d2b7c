// Electron main entry, bundled to dist/main/index.cjs. Kept thin: lifecycle, window, wiring. The desk core runs in a
// utility process (dist/main/core.cjs, ADR 0017); main lends it the secret store, printer and open dialog.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoreSupervisor, type CoreChild } from '../core/portBridge';
import type { CoreProcessOptions } from '../core/utilityCore';
import { registerIpc } from './ipc';
import { launchPlan } from './launchPolicy';
import { ElectronPrinter } from './printer';
import { ElectronFileDialog } from './fileDialog';
import { registerAppScheme, serveApp } from './protocol';
import { SafeStorageSecretStore } from './secretStore';
import { PrivateTemp } from '../core/privateTemp';
import { APP_ENTRY_URL, installSecurity, windowOptions } from './security';
import { appMenuTemplate } from './appMenu';
import { format } from '../../shared/i18n/format';
import { shellText } from '../../shared/i18n/zhCN.shell';

// The bundle lives at <appRoot>/dist/main, both in the repo and inside app.asar; this holds
// however Electron was started (package folder or the script itself).
const appRoot = resolve(__dirname, '..', '..');

const launch = launchPlan({
  isPackaged: app.isPackaged,
  argv: process.argv,
  env: process.env,
  hasSwitch: (name) => app.commandLine.hasSwitch(name),
  userData: app.getPath('userData'),
});
if (launch.ignored.length > 0) console.warn(`[main] ignored in this build: ${launch.ignored.join(', ')}`);
if (launch.shellUserData) app.setPath('userData', launch.shellUserData);
const { dataDir, allowInsecureKeyStorage } = launch;

registerAppScheme();
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let core: CoreSupervisor<CoreProcessOptions> | null = null;
let disposeIpc: () => void = () => undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  installSecurity(app);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    disposeIpc();
    disposeIpc = () => undefined;
    const closing = core;
    core = null;
    if (!closing) return;
    // The core closes its database before the app ends (its process would otherwise be killed mid-write).
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('[main] start failed', e);
      dialog.showErrorBox(shellText.productName, format(shellText.startFailed, { error: e instanceof Error ? e.message : String(e) }));
      app.exit(1);
    });
}

/** Dev runs use a binding built for Electron's ABI by scripts/electron-native.mjs; packaged apps use the rebuilt module. */
function nativeBinding(): string | undefined {
  const file = join(appRoot, '.electron-native', `${process.versions.electron}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

/** The core's utility process: its messages arrive on the child, its end as `exit` (crash, kill, or asked to close). */
function forkCore(): CoreChild {
  const child = utilityProcess.fork(join(appRoot, 'dist', 'main', 'core.cjs'), [], { serviceName: 'enroll-desk-core', stdio: 'inherit' });
  return {
    endpoint: {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => {
        child.on('message', listener);
      },
    },
    onExit: (listener) => {
      child.once('exit', listener);
    },
    kill: () => {
      child.kill();
    },
  };
}

async function start(): Promise<void> {
  // A hidden menu whose accelerators keep Ctrl+= / Ctrl+- / Ctrl+0 zoom (null would remove them).
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate()));
  app.setAppUserModelId('cn.edu.enrolldesk');
  serveApp(join(appRoot, 'dist', 'renderer'));

  const binding = nativeBinding();
  // Print jobs' decrypted PDFs: a private folder in the data dir, emptied of whatever a crash left.
  const printTemp = new PrivateTemp(dataDir, 'print');
  printTemp.sweep();
  const options: CoreProcessOptions = {
    dataDir,
    appVersion: app.getVersion(),
    allowInsecureKeyStorage,
    fontsDir: join(appRoot, 'resources', 'fonts'),
    // Models sit unpacked beside app.asar (electron-builder asarUnpack): onnxruntime reads plain files.
    ocr: {
      workerScript: join(appRoot, 'dist', 'main', 'ocrWorker.cjs'),
      modelsDir: join(appRoot, 'node_modules', '@gutenye', 'ocr-models', 'assets').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'),
    },
    ...(binding ? { nativeBinding: binding } : {}),
  };
  core = new CoreSupervisor({
    spawn: forkCore,
    ports: {
      secretStore: new SafeStorageSecretStore(),
      printer: new ElectronPrinter(() => mainWindow?.webContents ?? null, printTemp),
      fileDialog: new ElectronFileDialog(() => mainWindow),
    },
    options,
    appVersion: app.getVersion(),
    onStopped: (reason) => void coreStopped(reason),
  });
  const bootError = await core.ready.catch((e: unknown) => {
    // Ended before it opened its data: the window shows the boot-error screen (CORE_STOPPED) and offers a restart.
    console.error('[main] desk core did not start', e);
    return null;
  });
  if (bootError) console.error(`[main] desk boot error: ${bootError.code}`);
  disposeIpc = registerIpc(ipcMain, core, () => mainWindow?.webContents ?? null);
  createWindow();
}

/**
 * The core's process ended by itself (a native crash, killed). The window stays: it reloads into the boot-error screen
 * (system.getStatus answers CORE_STOPPED), and a dialog offers to start the core again.
 */
async function coreStopped(reason: string): Promise<void> {
  console.error(`[main] desk core stopped (${reason})`);
  const supervisor = core;
  const win = mainWindow;
  if (!supervisor) return;
  win?.webContents.reload();
  const options = {
    type: 'error' as const,
    title: shellText.productName,
    message: shellText.coreStopped.message,
    detail: shellText.coreStopped.detail,
    buttons: [shellText.coreStopped.restart, shellText.coreStopped.quit],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  if (response !== 0) {
    app.quit();
    return;
  }
  const bootError = await supervisor.restart().catch((e: unknown) => {
    console.error('[main] desk core did not restart', e);
    return null;
  });
  if (bootError) console.error(`[main] desk boot error: ${bootError.code}`);
  mainWindow?.webContents.reload();
}

function createWindow(): void {
  const devTools = !app.isPackaged;
  const win = new BrowserWindow(windowOptions(join(appRoot, 'dist', 'preload', 'index.cjs'), { devTools, workArea: screen.getPrimaryDisplay().workAreaSize }));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // The window keeps the product name whatever the page sets.
  win.on('page-title-updated', (event) => event.preventDefault());
  if (devTools) {
    win.webContents.on('before-input-event', (_event, input) => {
      if (input.type === 'keyDown' && input.key === 'F12') win.webContents.toggleDevTools();
    });
  }
  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[main] failed to load the renderer', e));
}
