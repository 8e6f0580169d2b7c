// Electron main entry, bundled to dist/main/index.cjs. Kept thin: lifecycle, window, wiring.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen } from 'electron';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDesk, type DeskCore } from '../core/desk';
import { systemClock } from '../core/ports';
import { platformScanner } from '../core/services/documents/sane';
import { koffiCardReaders } from '../core/services/cardReader/koffiReader';
import { WorkerOcr } from '../core/services/ocr/pool';
import { registerIpc } from './ipc';
import { launchPlan } from './launchPolicy';
import { ElectronPrinter } from './printer';
import { ElectronFileDialog } from './fileDialog';
import { setFontsDir } from '../core/services/printing/fonts';
import { registerAppScheme, serveApp } from './protocol';
import { SafeStorageSecretStore } from './secretStore';
import { PrivateTemp } from '../core/privateTemp';
import { APP_ENTRY_URL, installSecurity, windowOptions } from './security';
import { appMenuTemplate } from './appMenu';

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
let core: DeskCore | null = null;
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
  app.on('will-quit', () => {
    disposeIpc();
    core?.close();
    core = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('[main] start failed', e);
      dialog.showErrorBox('入学报名帮办台', `程序启动失败 / Failed to start: ${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });
}

/** Dev runs use a binding built for Electron's ABI by scripts/electron-native.mjs; packaged apps use the rebuilt module. */
function nativeBinding(): string | undefined {
  const file = join(appRoot, '.electron-native', `${process.versions.electron}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  // A hidden menu whose accelerators keep Ctrl+= / Ctrl+- / Ctrl+0 zoom (null would remove them).
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate()));
  app.setAppUserModelId('cn.edu.enrolldesk');
  serveApp(join(appRoot, 'dist', 'renderer'));

  setFontsDir(join(appRoot, 'resources', 'fonts'));
  const binding = nativeBinding();
  // Print jobs' decrypted PDFs: a private folder in the data dir, emptied of whatever a crash left.
  const printTemp = new PrivateTemp(dataDir, 'print');
  printTemp.sweep();
  core = await openDesk({
    dataDir,
    ports: {
      secretStore: new SafeStorageSecretStore(),
      clock: systemClock,
      ids: { uuid: () => randomUUID() },
      scanner: platformScanner(),
      cardReaders: koffiCardReaders,
      // Models sit unpacked beside app.asar (electron-builder asarUnpack): onnxruntime reads plain files.
      ocr: new WorkerOcr({
        workerScript: join(appRoot, 'dist', 'main', 'ocrWorker.cjs'),
        modelsDir: join(appRoot, 'node_modules', '@gutenye', 'ocr-models', 'assets').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'),
      }),
      printer: new ElectronPrinter(() => mainWindow?.webContents ?? null, printTemp),
      fileDialog: new ElectronFileDialog(() => mainWindow),
    },
    appVersion: app.getVersion(),
    allowInsecureKeyStorage,
    ...(binding ? { nativeBinding: binding } : {}),
  });
  if (core.bootError) console.error(`[main] desk boot error: ${core.bootError.code}`);
  disposeIpc = registerIpc(ipcMain, core, () => mainWindow?.webContents ?? null);
  createWindow();
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
