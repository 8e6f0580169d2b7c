// Font names as Excel and WPS know them: data, not messages.

/** A Chinese font both Excel and WPS have on every Windows and 统信/麒麟 desk. */
export const XLSX_FONT_NAME = '宋体';
