import { Typography } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';

export default function PlansPage() {
  return <Typography.Title level={3}>{zhCN.apps.plansTitle}</Typography.Title>;
}
