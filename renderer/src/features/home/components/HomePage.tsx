import dayjs from 'dayjs';
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useSessionStore } from '../../session/store';

/** 工作台: who is signed in at which counter, and what the desk offers so far. */
export default function HomePage() {
  const t = zhCN.ui.home;
  const status = useSessionStore((s) => s.status);
  const session = status?.session;
  const counter = status?.counter;
  if (!session) return null;

  return (
    <div data-testid="home-page" style={{ maxWidth: 1100 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {format(t.greeting, { name: session.displayName })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{format(t.today, { date: dayjs().format(t.dateFormat) })}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t.counterCard}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t.counterName}>{counter?.counterName}</Descriptions.Item>
              <Descriptions.Item label={t.counterCode}>{counter?.counterCode}</Descriptions.Item>
              <Descriptions.Item label={t.countyCode}>{counter?.countyCode}</Descriptions.Item>
              <Descriptions.Item label={t.role}>{zhCN.roles[session.role]}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={
              <span>
                <BulbOutlined style={{ marginRight: 8, color: '#d48806' }} />
                {t.tipsTitle}
              </span>
            }
          >
            <ul style={{ margin: 0, paddingLeft: 20, lineHeight: 2 }}>
              {t.tips.map((tip) => (
                <li key={tip}>{tip}</li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
