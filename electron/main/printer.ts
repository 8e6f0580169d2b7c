import { BrowserWindow } from 'electron';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrinterError, type Printer, type PrinterInfo, type PrintRequest } from '../core/ports';
import type { PrivateTemp } from '../core/privateTemp';
import { shellText } from '../../shared/i18n/zhCN.shell';

// System printing through Chromium (DESIGN §7): the stored PDF opens in a hidden, sandboxed window with
// Chromium's PDF viewer and is printed with webContents.print, silently to the remembered printer or with
// the system dialog. The decrypted PDF (a child's ID number on it) lives only while the job is handed over, in a
// private folder inside the data dir (PrivateTemp: never the shared system temp folder), swept at every start.

const MICRONS_PER_MM = 1000;
const PAGE_SIZES: Record<PrintRequest['paper'], Electron.WebContentsPrintOptions['pageSize']> = {
  A4: 'A4',
  A5: 'A5',
  roll80: { width: 80 * MICRONS_PER_MM, height: 297 * MICRONS_PER_MM },
};

// CUPS printer-state: 3 idle, 4 processing, 5 stopped. Windows reports status flags (0x80 offline, 0x10 paper out).
function stateOf(p: Electron.PrinterInfo): 'offline' | 'out_of_paper' | null {
  const options = (p as unknown as { options?: Record<string, string> }).options ?? {};
  const reasons = options['printer-state-reasons'] ?? '';
  if (/media-empty|media-needed/.test(reasons)) return 'out_of_paper';
  if (options['printer-state'] === '5' || /offline/.test(reasons)) return 'offline';
  const status = (p as unknown as { status?: number }).status ?? 0;
  if (process.platform === 'win32' && status & 0x10) return 'out_of_paper';
  if (process.platform === 'win32' && status & 0x80) return 'offline';
  return null;
}

export class ElectronPrinter implements Printer {
  constructor(
    private readonly host: () => Electron.WebContents | null,
    private readonly temp: PrivateTemp,
  ) {}

  private async raw(): Promise<Electron.PrinterInfo[]> {
    const wc = this.host();
    if (!wc) return [];
    return wc.getPrintersAsync();
  }

  async list(): Promise<PrinterInfo[]> {
    return (await this.raw()).map((p) => ({ name: p.name, isDefault: (p as unknown as { isDefault?: boolean }).isDefault === true }));
  }

  async print(request: PrintRequest): Promise<void> {
    const printers = await this.raw();
    if (printers.length === 0) throw new PrinterError('no_printer');
    const target = printers.find((p) => p.name === request.printer);
    if (!target && !request.withDialog) throw new PrinterError('unknown_printer', request.printer);
    const state = target ? stateOf(target) : null;
    if (state) throw new PrinterError(state);

    await this.temp.withDir('job', (dir) => this.printFile(join(dir, 'document.pdf'), request));
  }

  private async printFile(file: string, request: PrintRequest): Promise<void> {
    writeFileSync(file, request.pdf, { mode: 0o600, flag: 'wx' });
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, javascript: false },
    });
    try {
      await win.loadURL(pathToFileURL(file).toString());
      await new Promise<void>((resolve, reject) => {
        win.webContents.print(
          {
            silent: !request.withDialog,
            deviceName: request.printer,
            copies: request.copies,
            printBackground: true,
            pageSize: PAGE_SIZES[request.paper],
            margins: { marginType: 'none' },
          },
          (success, failureReason) => {
            if (success) resolve();
            else if (/cancel/i.test(failureReason)) reject(new PrinterError('failed', shellText.printCancelled));
            else if (/no valid printers/i.test(failureReason)) reject(new PrinterError('no_printer'));
            else reject(new PrinterError('failed', failureReason));
          },
        );
      });
    } finally {
      win.destroy();
    }
  }
}
