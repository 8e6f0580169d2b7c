import type { ThemeConfig } from 'antd';

export const FONT_STACK = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';

/**
 * Text colours that reach WCAG AA (4.5:1) on white, on the layout grey #f3f5f8 and on each tag's own tint.
 * antd's defaults do not: the grey hints (#8c8c8c, 3.36:1), placeholders (#bfbfbf, 1.83:1), #ff4d4f
 * validation messages (3.26:1), the green 已自动保存 (2.07:1) and the tags' level-7 text (orange 3.34:1,
 * green 3.37:1, gold 2.76:1). Ratios in the comments are measured against white unless noted; e2e/a11y.spec.ts
 * runs axe-core's contrast rule over every screen with these tokens.
 */
export const AA_COLOURS = {
  colorTextTertiary: '#646464', // 5.92:1; 5.42:1 on #f3f5f8. antd's description text, form hints, labels.
  colorTextDescription: '#646464',
  colorTextPlaceholder: '#6e6e6e', // 5.10:1; 4.68:1 on the disabled grey #f5f5f5.
  colorError: '#c41d24', // 5.92:1; white on it 5.92:1 (danger buttons).
  colorSuccess: '#237804', // 5.59:1.
  colorWarning: '#ad6800', // icons and borders; warning text uses colorWarningText below.
  colorWarningText: '#874d00', // 6.53:1 on the warning tint #fffbe6.
  colorErrorText: '#c41d24',
  colorSuccessText: '#237804',
  colorLink: '#1f5fae', // 6.35:1.
} as const;

/**
 * Tag text (palette level 7 on level 1): only the palettes whose level 7 falls short are darkened. antd
 * derives the `--ant-<colour>-7` variables from each palette's seed after the token overrides, so these are
 * set as CSS variables over antd's own (PALETTE_CSS, rendered by App) rather than as tokens.
 */
export const AA_TAG_TEXT = {
  green: '#237804', // 5.44:1 on #f6ffed.
  orange: '#ad4e00', // 5.09:1 on #fff7e6.
  gold: '#874d00', // 6.53:1 on #fffbe6.
  volcano: '#ad2102', // 6.38:1 on #fff2e8.
  lime: '#3f6600', // 6.62:1 on #fcffe6.
  cyan: '#006d75', // 5.82:1 on #e6fffb.
  yellow: '#614700',
} as const;

/** `:root [class*=css-var-]` outranks antd's own `.css-var-…` rule on the same elements. */
export const PALETTE_CSS = `:root [class*='css-var-']{${Object.entries(AA_TAG_TEXT)
  .map(([name, value]) => `--ant-${name}-7:${value};`)
  .join('')}}`;

/** The secondary grey for text our own components colour (the same as antd's description text). */
export const SECONDARY_TEXT = AA_COLOURS.colorTextDescription;

/** A calm, government-service look: one blue, neutral greys, no decoration. `scale` is the text size (app/textSize.ts). */
export function deskThemeAt(scale: number): ThemeConfig {
  return {
    ...deskTheme,
    token: { ...deskTheme.token, fontSize: Math.round(14 * scale), controlHeight: Math.round(32 * scale) },
    components: {
      ...deskTheme.components,
      Layout: { ...deskTheme.components?.Layout, headerHeight: Math.round(56 * scale) },
    },
  };
}

export const deskTheme: ThemeConfig = {
  // Styles come from antd's prebuilt stylesheet (imported in main.tsx) instead of being generated in
  // JavaScript at first render: measured as the largest share of time to the sign-in screen.
  zeroRuntime: true,
  token: {
    colorPrimary: '#1f5fae',
    colorInfo: '#1f5fae',
    borderRadius: 6,
    fontFamily: FONT_STACK,
    fontSize: 14,
    colorBgLayout: '#f3f5f8',
    ...AA_COLOURS,
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 24px',
      siderBg: '#12345e',
    },
    Menu: {
      darkItemBg: '#12345e',
      darkSubMenuItemBg: '#12345e',
      darkItemSelectedBg: '#1f5fae',
    },
  },
};
