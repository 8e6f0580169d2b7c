import type { ThemeConfig } from 'antd';

export const FONT_STACK = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';

/** The desk's look (renderer/src/app/theme.ts): one blue, neutral greys; antd's prebuilt styles (zero runtime). */
export const consoleTheme: ThemeConfig = {
  zeroRuntime: true,
  token: {
    colorPrimary: '#1f5fae',
    colorInfo: '#1f5fae',
    // antd's default red (#ff4d4f) is 3.2:1 on white: danger buttons and error text use a red that reads (5.7:1).
    colorError: '#cf1322',
    borderRadius: 6,
    fontFamily: FONT_STACK,
    fontSize: 14,
    colorBgLayout: '#f3f5f8',
    // AA contrast for secondary text on white and on the layout grey.
    colorTextSecondary: 'rgba(0,0,0,0.65)',
    colorTextDescription: 'rgba(0,0,0,0.65)',
    colorTextPlaceholder: 'rgba(0,0,0,0.55)',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 24px', siderBg: '#12345e' },
    Menu: { darkItemBg: '#12345e', darkSubMenuItemBg: '#12345e', darkItemSelectedBg: '#1f5fae', darkItemColor: 'rgba(255,255,255,0.85)' },
  },
};
