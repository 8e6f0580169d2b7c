import { Flex, Spin } from 'antd';
import { zhCN } from '../../../shared/i18n/zhCN';

export function Loading() {
  return (
    <Flex align="center" justify="center" style={{ height: '100%', minHeight: 200 }} data-testid="loading">
      <Spin size="large" description={zhCN.ui.common.loading} />
    </Flex>
  );
}
