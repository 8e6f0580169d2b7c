import { useEffect } from 'react';
import { Alert, Button, Col, Flex, Row, Tag, Typography } from 'antd';
import { ExperimentOutlined, ReloadOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { Loading } from '../../../app/Loading';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { hasRole, useSessionStore } from '../../session/store';
import { usePlansStore } from '../store';
import { PlanImport } from './PlanImport';
import { Hotlines, PlanOverview, PointsAndCategories, SchoolsTable, TypesAndMaterials, VersionsTable, ZonesTable } from './PlanSections';
import { PageTitle } from '../../../lib/PageTitle';

/** 招生方案: the county plan the desk applies, every rule in it, its versions, and (admin) importing a new one. */
export default function PlansPage() {
  const t = zhCN.apps.plans;
  const active = usePlansStore((s) => s.active);
  const activeError = usePlansStore((s) => s.activeError);
  const versions = usePlansStore((s) => s.versions);
  const versionsError = usePlansStore((s) => s.versionsError);
  const role = useSessionStore((s) => s.status?.session?.role);
  const admin = hasRole(role, ['admin']);

  useEffect(() => {
    void usePlansStore.getState().loadActive(true);
    void usePlansStore.getState().loadVersions();
    return () => usePlansStore.getState().clearImport();
  }, []);

  const reload = () => {
    void usePlansStore.getState().loadActive(true);
    void usePlansStore.getState().loadVersions();
  };

  const header = (
    <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
      <Flex align="center" gap={12} wrap>
        <PageTitle>{t.title}</PageTitle>
        {active && (
          <>
            <Typography.Text strong style={{ fontSize: '1rem' }}>
              {active.plan.county.name}
            </Typography.Text>
            <Tag color="blue" style={{ fontSize: '0.8125rem' }} data-testid="plans-active-version" data-version={active.info.version}>
              {format(t.activeVersion, { version: active.info.version })}
            </Tag>
            {active.info.sample && (
              <Tag color="orange" icon={<ExperimentOutlined />} style={{ fontSize: '0.8125rem' }} title={t.sampleNotice} data-testid="plans-sample-badge">
                {t.sampleBadge}
              </Tag>
            )}
          </>
        )}
      </Flex>
      <Button icon={<ReloadOutlined />} onClick={reload}>
        {zhCN.ui.common.refresh}
      </Button>
    </Flex>
  );

  return (
    <div data-testid="plans-page" style={{ maxWidth: 1400 }}>
      {header}
      <ErrorAlert error={activeError} testId="plans-error" />
      {active?.info.sample && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="plans-sample-notice" title={t.sampleNotice} />}
      {!active && !activeError && <Loading />}
      <Row gutter={[12, 12]}>
        {active && (
          <Col xs={24} xl={14}>
            <PlanOverview plan={active.plan} info={active.info} />
          </Col>
        )}
        <Col xs={24} xl={active ? 10 : 24}>
          <Flex vertical gap={12}>
            {admin && <PlanImport />}
            <ErrorAlert error={versionsError} testId="plans-versions-error" style={{ marginBottom: 0 }} />
            <VersionsTable versions={versions} />
          </Flex>
        </Col>
        {active && (
          <>
            <Col span={24}>
              <SchoolsTable plan={active.plan} />
            </Col>
            <Col span={24}>
              <ZonesTable plan={active.plan} />
            </Col>
            <Col xs={24} xl={14}>
              <TypesAndMaterials plan={active.plan} />
            </Col>
            <Col xs={24} xl={10}>
              <PointsAndCategories plan={active.plan} />
            </Col>
            <Col span={24}>
              <Hotlines plan={active.plan} />
            </Col>
          </>
        )}
      </Row>
    </div>
  );
}
