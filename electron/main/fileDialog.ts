import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { FileDialog } from '../core/ports';

/** The core's FileDialog on Electron's native open dialog, attached to the desk's window when there is one. */
export class ElectronFileDialog implements FileDialog {
  constructor(private readonly window: () => BrowserWindow | null) {}

  chooseFolder(title: string): Promise<string | null> {
    return this.show({ title, properties: ['openDirectory', 'createDirectory'] });
  }

  chooseFile(title: string, filters: Array<{ name: string; extensions: string[] }>): Promise<string | null> {
    return this.show({ title, filters, properties: ['openFile'] });
  }

  private async show(options: OpenDialogOptions): Promise<string | null> {
    const win = this.window();
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
}
