export function splitAntdCss(outDir: string): void;
