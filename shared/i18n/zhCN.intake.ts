// Screen text for the intake wizard (报名受理). Part of the one catalogue exported from ./zhCN.
export const intake = {
  title: '报名受理',
} as const;
