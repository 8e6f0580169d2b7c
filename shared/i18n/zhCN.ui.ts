// Screen text (labels, titles, hints). Part of the one catalogue exported from ./zhCN.
export const ui = {} as const;
