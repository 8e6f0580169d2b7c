import { useEffect, useRef } from 'react';
import { releaseKeys } from '../../../lib/typeAhead';
import { Button, Card, Descriptions, Flex, Result, Tag, Typography } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useIntakeStore } from '../store';
import { ReceiptOffer } from '../../printing/components/ReceiptOffer';

const t = zhCN.intake.success;

/** After 提交: the receipt number, large, and the way to the next family (Enter). */
export function SuccessPanel() {
  const result = useIntakeStore((s) => s.result);
  const next = useRef<HTMLButtonElement>(null);
  // The print button took the focus (ReceiptOffer, an inner effect, runs first): keys typed during the
  // submission (Enter to print) go to it now.
  useEffect(() => {
    if (result) releaseKeys();
  }, [result]);
  if (!result) return null;
  return (
    <Card data-testid="intake-success" style={{ maxWidth: 900 }}>
      <Result
        status="success"
        title={result.edited ? t.editedTitle : t.title}
        subTitle={result.childName}
        extra={
          <Flex vertical align="center" gap={20}>
            <Flex align="baseline" gap={12}>
              <Typography.Text type="secondary" style={{ fontSize: '1rem' }}>
                {t.receiptNo}
              </Typography.Text>
              <Typography.Text strong copyable style={{ fontSize: '1.875rem', letterSpacing: 1 }} data-testid="intake-receipt-no">
                {result.receiptNo}
              </Typography.Text>
            </Flex>
            <Descriptions
              size="small"
              column={2}
              style={{ maxWidth: 640 }}
              items={[
                { key: 'school', label: t.school, children: result.schoolName },
                { key: 'type', label: t.type, children: result.typeName },
              ]}
            />
            <Flex gap={8} align="center">
              <Typography.Text type="secondary">{t.status}</Typography.Text>
              <Tag color="green" style={{ fontSize: '0.9375rem', padding: '2px 10px' }} data-testid="intake-status">
                {zhCN.intake.status[result.status]}
              </Tag>
              {result.edited && <Tag>{format(t.revision, { n: result.revision })}</Tag>}
            </Flex>
            <Flex gap={12}>
              <Button
                ref={next}
                type="primary"
                size="large"
                icon={<UserAddOutlined />}
                onClick={() => void useIntakeStore.getState().startNew()}
                data-testid="intake-next-applicant"
              >
                {t.nextApplicant}
              </Button>
              <Button size="large" href={`#/applications/${result.id}`} data-testid="intake-view-application">
                {t.viewApplication}
              </Button>
            </Flex>
            <ReceiptOffer applicationId={result.id} onPrinted={() => next.current?.focus()} />
            <Typography.Text type="secondary">{t.nextHint}</Typography.Text>
          </Flex>
        }
      />
    </Card>
  );
}
