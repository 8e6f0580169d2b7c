// Splits antd's prebuilt stylesheet (zero-runtime mode) in two: the rules the first screen's components
// need, loaded with the page, and the rest, loaded right after the first screen shows. Parsing all
// ~1 MB up front cost about 100 ms before the sign-in screen could appear.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import postcss from 'postcss';

/** Components on the first screens (boot, sign-in, lock): see renderer/src/app and features/session. */
const FIRST = new Set([
  'app', 'alert', 'btn', 'card', 'col', 'row', 'flex', 'form', 'input', 'result', 'space', 'spin', 'typography',
  'wave', 'fade', 'zoom', 'move', 'slide', 'motion', 'click', 'compact', 'css', 'border',
]);

function componentsOf(selector) {
  return [...selector.matchAll(/\.ant-([a-z]+)/g)].map((m) => m[1]);
}

export function splitAntdCss(outDir) {
  const require = createRequire(import.meta.url);
  const source = join(dirname(require.resolve('antd/package.json')), 'dist', 'antd.css');
  const firstOut = join(outDir, 'antd-first.css');
  const restOut = join(outDir, 'antd-rest.css');
  const stamp = join(outDir, '.source');
  const signature = String(readFileSync(source).length);
  if (existsSync(firstOut) && existsSync(restOut) && existsSync(stamp) && readFileSync(stamp, "utf8") === signature) return;
  const root = postcss.parse(readFileSync(source, 'utf8'));
  const first = postcss.root();
  const rest = postcss.root();
  root.each((node) => {
    // Rules inside @media/@supports follow their own selectors; keyframes and variables stay first.
    const rules = node.type === 'rule' ? [node] : node.type === 'atrule' && node.nodes ? node.nodes.filter((n) => n.type === 'rule') : [];
    const names = rules.flatMap((r) => r.selectors.flatMap(componentsOf));
    const later = node.type === 'atrule' && node.name === 'keyframes' ? false : names.length > 0 && names.every((n) => !FIRST.has(n));
    (later ? rest : first).append(node.clone());
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(firstOut, first.toString());
  writeFileSync(restOut, rest.toString());
  writeFileSync(stamp, signature);
}
