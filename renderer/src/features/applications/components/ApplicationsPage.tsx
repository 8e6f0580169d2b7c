import { Typography } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';

export default function ApplicationsPage() {
  return <Typography.Title level={3}>{zhCN.apps.listTitle}</Typography.Title>;
}
