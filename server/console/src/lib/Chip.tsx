import type { CSSProperties, ReactNode } from 'react';

/**
 * A small coloured label. antd's preset tag colours put light text on light fills below WCAG AA (4.5:1); these keep
 * antd's fills and borders with text dark enough to read. A plain span, so thousands of list rows stay cheap.
 */
export type Tone = 'default' | 'blue' | 'geekblue' | 'gold' | 'orange' | 'red' | 'green' | 'cyan' | 'purple' | 'volcano' | 'magenta';

const TONES: Record<Tone, [text: string, fill: string, border: string]> = {
  default: ['#434343', '#fafafa', '#d9d9d9'],
  blue: ['#0b4fb3', '#e6f4ff', '#91caff'],
  geekblue: ['#1d39c4', '#f0f5ff', '#adc6ff'],
  gold: ['#7a4a00', '#fffbe6', '#ffe58f'],
  orange: ['#8a4200', '#fff7e6', '#ffd591'],
  red: ['#a8071a', '#fff1f0', '#ffa39e'],
  green: ['#1f6f0b', '#f6ffed', '#b7eb8f'],
  cyan: ['#006d75', '#e6fffb', '#87e8de'],
  purple: ['#531dab', '#f9f0ff', '#d3adf7'],
  volcano: ['#a8310a', '#fff2e8', '#ffbb96'],
  magenta: ['#9e1068', '#fff0f6', '#ffadd2'],
};

interface Props {
  color?: Tone;
  style?: CSSProperties;
  children: ReactNode;
  [data: `data-${string}`]: string | undefined;
}

export function Chip({ color = 'default', style, children, ...data }: Props) {
  const [text, fill, border] = TONES[color];
  return (
    <span
      {...data}
      style={{
        display: 'inline-block',
        padding: '0 7px',
        fontSize: 12,
        lineHeight: '20px',
        whiteSpace: 'nowrap',
        color: text,
        background: fill,
        border: `1px solid ${border}`,
        borderRadius: 4,
        marginInlineEnd: 4,
        ...style,
      }}
    >
      {children}
    </span>
  );
}
