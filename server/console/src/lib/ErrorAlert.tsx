import type { CSSProperties, ReactNode } from 'react';
import { Alert } from 'antd';
import type { ConsoleError } from '../transport/client';

interface Props {
  error: ConsoleError | string | null | undefined;
  testId: string;
  onClose?: () => void;
  action?: ReactNode;
  style?: CSSProperties;
}

/** A failed call, shown with its Chinese message (what went wrong and what to do). Announced as an alert. */
export function ErrorAlert({ error, testId, onClose, action, style }: Props) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <Alert
      key={message}
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      data-code={typeof error === 'string' ? undefined : error.code}
      title={message}
      action={action}
      style={{ marginBottom: 12, ...style }}
      {...(onClose ? { closable: { onClose } } : {})}
    />
  );
}
