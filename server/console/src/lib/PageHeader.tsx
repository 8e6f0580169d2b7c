import type { ReactNode } from 'react';
import { Alert, Flex, List, Typography } from 'antd';

/** A page's one h1 with its actions on the right. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </Flex>
  );
}

/** Problems found by a check (a plan file, the audit chain), each on its line, announced as an alert. */
export function ProblemList({ title, items, testId }: { title: string; items: readonly ReactNode[]; testId: string }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      title={title}
      description={<List size="small" dataSource={items as ReactNode[]} renderItem={(item) => <List.Item data-testid={`${testId}-item`}>{item}</List.Item>} />}
      style={{ marginBottom: 12 }}
    />
  );
}
