import { useEffect } from 'react';
import dayjs from 'dayjs';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { BulbOutlined, FileDoneOutlined, FormOutlined, ReadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useSessionStore } from '../../session/store';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { TodayCard } from '../../reports/components/TodayCard';
import { PageTitle } from '../../../lib/PageTitle';

/** The plan in force and the everyday destinations, one click away. */
function PlanAndLinks() {
  const t = zhCN.apps.home;
  const active = usePlansStore((s) => s.active);
  const error = usePlansStore((s) => s.activeError);
  const go = (path: string) => useShellStore.getState().navigate(path);

  useEffect(() => {
    void usePlansStore.getState().loadActive(true);
  }, []);

  // Alt+G opens 一次性告知 (its button shows the key); not a menu item, so Alt+1…9 stay as they are.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.code !== 'KeyG') return;
      if (document.querySelector('[data-testid="lock-overlay"], .ant-modal-wrap:not([style*="display: none"])')) return;
      e.preventDefault();
      go('/once-notice');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={12}>
        <Card title={t.planCard} style={{ height: '100%' }}>
          <ErrorAlert error={error} testId="home-plan-error" />
          {active?.info.countyMismatch && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="home-county-mismatch" title={active.info.countyMismatch} />}
          {active ? (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t.planVersion}>
                <Flex gap={8} align="center" wrap>
                  <span data-testid="home-plan-version">{format(t.planValue, { county: active.info.countyName, version: active.info.version })}</span>
                  {active.info.sample && (
                    <Tag color="orange" title={zhCN.apps.plans.sampleNotice} data-testid="home-plan-sample">
                      {zhCN.apps.plans.sampleBadge}
                    </Tag>
                  )}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t.planWindow}>
                {format(zhCN.apps.plans.windowValue, { start: active.plan.registrationWindow.start, end: active.plan.registrationWindow.end })}
              </Descriptions.Item>
            </Descriptions>
          ) : (
            !error && <Typography.Text type="secondary">{t.planLoading}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t.quickLinks} style={{ height: '100%' }}>
          <Flex gap={12} wrap>
            <Button type="primary" size="large" icon={<FormOutlined />} onClick={() => go('/intake')} data-testid="home-link-intake">
              {t.links.intake}
            </Button>
            <Button size="large" icon={<UnorderedListOutlined />} onClick={() => go('/applications')} data-testid="home-link-applications">
              {t.links.applications}
            </Button>
            <Button size="large" icon={<ReadOutlined />} onClick={() => go('/plans')} data-testid="home-link-plans">
              {t.links.plans}
            </Button>
            <Button size="large" icon={<FileDoneOutlined />} onClick={() => go('/once-notice')} aria-keyshortcuts="Alt+G" data-testid="home-link-once-notice">
              {zhCN.onceNotice.homeLink}
            </Button>
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

/** 工作台: who is signed in at which counter, and what the desk offers so far. */
export default function HomePage() {
  const t = zhCN.ui.home;
  const status = useSessionStore((s) => s.status);
  const session = status?.session;
  const counter = status?.counter;
  if (!session) return null;

  return (
    <div data-testid="home-page" style={{ maxWidth: 1100 }}>
      <PageTitle style={{ marginBottom: '0.75rem', fontSize: '1.5rem' }}>{format(t.greeting, { name: session.displayName })}</PageTitle>
      <Typography.Paragraph type="secondary">{format(t.today, { date: dayjs().format(t.dateFormat) })}</Typography.Paragraph>
      <TodayCard />
      <PlanAndLinks />
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
