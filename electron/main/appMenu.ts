import type { MenuItemConstructorOptions } from 'electron';
import { zhCN } from '../../shared/i18n/zhCN';

/**
 * The window's menu: hidden (autoHideMenuBar) but present, because its accelerators are what make
 * Ctrl+= / Ctrl+- / Ctrl+0 zoom work; `Menu.setApplicationMenu(null)` took them away. Only what a counter
 * needs: zoom for older clerks, and the editing keys. Labels from the catalogue.
 */
export function appMenuTemplate(): MenuItemConstructorOptions[] {
  const t = zhCN.ui.appMenu;
  return [
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        { role: 'zoomIn', label: t.zoomIn, accelerator: 'CommandOrControl+=' },
        // The same on keyboards where + needs Shift, and on the number pad; shown once.
        { role: 'zoomIn', label: t.zoomIn, accelerator: 'CommandOrControl+Plus', visible: false },
        { role: 'zoomIn', label: t.zoomIn, accelerator: 'CommandOrControl+numadd', visible: false },
        { role: 'zoomOut', label: t.zoomOut, accelerator: 'CommandOrControl+-' },
        { role: 'zoomOut', label: t.zoomOut, accelerator: 'CommandOrControl+numsub', visible: false },
        { role: 'resetZoom', label: t.resetZoom, accelerator: 'CommandOrControl+0' },
        { role: 'resetZoom', label: t.resetZoom, accelerator: 'CommandOrControl+num0', visible: false },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.fullScreen },
      ],
    },
  ];
}
