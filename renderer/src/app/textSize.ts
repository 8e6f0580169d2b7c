import { create } from 'zustand';

/**
 * 适老化: the desk's text size, chosen at the counter (标准 / 大 / 特大) and kept on this PC. It scales the root
 * font size, which every size in rem follows (our own styles), and antd's font and control-height tokens
 * (App builds the theme from it), so every screen grows together; the print preview scales by the same factor.
 */
export const TEXT_SIZES = ['standard', 'large', 'xlarge'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export const TEXT_SCALE: Record<TextSize, number> = { standard: 1, large: 16 / 14, xlarge: 18 / 14 };

const KEY = 'desk.textSize';

function stored(): TextSize {
  try {
    const v = localStorage.getItem(KEY);
    return TEXT_SIZES.includes(v as TextSize) ? (v as TextSize) : 'standard';
  } catch {
    return 'standard';
  }
}

function apply(size: TextSize): void {
  document.documentElement.style.fontSize = `${(TEXT_SCALE[size] * 100).toFixed(3)}%`;
  document.documentElement.dataset.textSize = size;
}

interface TextSizeStore {
  size: TextSize;
  setSize: (size: TextSize) => void;
}

export const useTextSizeStore = create<TextSizeStore>()((set) => ({
  size: stored(),
  setSize(size) {
    try {
      localStorage.setItem(KEY, size);
    } catch {
      // A locked-down profile without storage still gets the size for this session.
    }
    apply(size);
    set({ size });
  },
}));

// Before the first screen paints, so the sign-in screen is already at the chosen size.
apply(useTextSizeStore.getState().size);

export function useTextScale(): number {
  return TEXT_SCALE[useTextSizeStore((s) => s.size)];
}
