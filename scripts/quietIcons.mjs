// Vite plugin: antd's icons announce themselves by their English file name (`<span role="img"
// aria-label="home">`), so a menu item reads "home 工作台" and a button "lock 锁屏" to a screen reader.
// Every icon in the desk stands beside its Chinese text or inside a control that carries its own Chinese
// aria-label, so each icon is made decorative (aria-hidden) where antd builds it. A control with only an
// icon and no aria-label then has no name at all, which axe-core reports (e2e/a11y.spec.ts).
const ICON_SOURCE = /[\\/]@ant-design[\\/]icons[\\/](es|lib)[\\/]components[\\/]AntdIcon(Light)?\.js$/;
const NAMED = /role: "img",\s*"aria-label": icon\.name/;

export function quietIcons() {
  return {
    name: 'desk-quiet-icons',
    enforce: 'pre',
    transform(code, id) {
      if (!ICON_SOURCE.test(id.split('?')[0] ?? id)) return null;
      // Fail the build rather than ship English names silently when antd changes this file.
      if (!NAMED.test(code)) throw new Error(`quietIcons: ${id} no longer sets aria-label from icon.name; update scripts/quietIcons.mjs`);
      return { code: code.replace(NAMED, '"aria-hidden": "true"'), map: null };
    },
  };
}
