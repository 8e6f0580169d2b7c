// Globals every runtime of shared/ has (Node, Chromium, Electron's utility process) but the ES library does not
// declare. Only what shared/ uses; never Node- or DOM-only names.

declare class URL {
  constructor(url: string, base?: string);
  static canParse(url: string, base?: string): boolean;
  readonly href: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
}

declare function structuredClone<T>(value: T, options?: { transfer?: unknown[] }): T;
