import type { Plugin } from 'vite';
export declare function quietIcons(): Plugin;
