import { Typography } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';

export default function IntakePage() {
  return <Typography.Title level={3}>{zhCN.intake.title}</Typography.Title>;
}
