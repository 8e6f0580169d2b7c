import type { ReactNode } from 'react';
import { Typography } from 'antd';

/**
 * The caption above or beside a field outside an antd Form.Item: a real <label for>, so the field's
 * accessible name is the caption the clerk reads (a bare text span leaves a select or number box unnamed).
 */
export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <Typography.Text type="secondary">
      <label htmlFor={htmlFor}>{children}</label>
    </Typography.Text>
  );
}
