import type { CSSProperties, ReactNode } from 'react';
import { Typography } from 'antd';

/**
 * The one h1 of a screen: what the screen is, at the size of a section title (sized in rem, so it follows
 * the desk's text size). Sections below it are h2 (SectionTitle).
 */
export function PageTitle({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return (
    <Typography.Title level={1} className="desk-page-title" style={{ margin: 0, fontSize: '1.25rem', ...style }}>
      {children}
    </Typography.Title>
  );
}

/** A section heading under the page's h1. */
export function SectionTitle({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return (
    <Typography.Title level={2} style={{ fontSize: '1rem', ...style }}>
      {children}
    </Typography.Title>
  );
}
