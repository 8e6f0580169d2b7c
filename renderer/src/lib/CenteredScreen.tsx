import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { zhCN } from '../../../shared/i18n/zhCN';

interface Props {
  title: ReactNode;
  /** Shown under the product name, e.g. the counter. */
  subtitle?: ReactNode;
  width?: number;
  banner?: ReactNode;
  children: ReactNode;
  testId: string;
}

/** The frame of every screen shown before the main frame: a main landmark, the product name as its h1, one card. */
export function CenteredScreen({ title, subtitle, width = 420, banner, children, testId }: Props) {
  return (
    <Flex component="main" vertical align="center" style={{ minHeight: '100%', padding: '48px 16px', boxSizing: 'border-box' }} data-testid={testId}>
      <Flex align="center" gap={10} style={{ marginBottom: 8 }}>
        <SafetyCertificateOutlined style={{ fontSize: '1.75rem', color: '#1f5fae' }} />
        <Typography.Title level={1} style={{ margin: 0, letterSpacing: 2, fontSize: '1.5rem' }}>
          {zhCN.app.productName}
        </Typography.Title>
      </Flex>
      <Typography.Text type="secondary" style={{ marginBottom: 24, minHeight: 22 }}>
        {subtitle}
      </Typography.Text>
      {banner && <div style={{ width, maxWidth: '100%', marginBottom: 16 }}>{banner}</div>}
      <Card title={title} style={{ width, maxWidth: '100%', boxShadow: '0 2px 8px rgba(16, 42, 76, 0.08)' }}>
        {children}
      </Card>
    </Flex>
  );
}
