export const BEGIN: string;
export const END: string;
export function coreOf(text: string): string;
