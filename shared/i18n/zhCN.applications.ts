// Screen text for the application list, detail view and county plan pages. Part of the one catalogue in ./zhCN.
export const apps = {
  listTitle: '申请列表',
  plansTitle: '招生方案',
} as const;
