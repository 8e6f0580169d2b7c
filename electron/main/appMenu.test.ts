import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from './appMenu';

describe('appMenuTemplate', () => {
  const items = appMenuTemplate().flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
  const accelerators = (role: string) => items.filter((i) => i.role === role).map((i) => i.accelerator);

  it('keeps Ctrl+= / Ctrl+- / Ctrl+0 zoom (and the number pad) as accelerators', () => {
    expect(accelerators('zoomIn')).toEqual(expect.arrayContaining(['CommandOrControl+=', 'CommandOrControl+Plus', 'CommandOrControl+numadd']));
    expect(accelerators('zoomOut')).toEqual(expect.arrayContaining(['CommandOrControl+-', 'CommandOrControl+numsub']));
    expect(accelerators('resetZoom')).toEqual(expect.arrayContaining(['CommandOrControl+0']));
  });

  it('labels every item in Chinese', () => {
    for (const item of [...appMenuTemplate(), ...items]) {
      if (item.type === 'separator') continue;
      expect(item.label).toMatch(/[\u4e00-\u9fff]/u);
    }
  });
});
