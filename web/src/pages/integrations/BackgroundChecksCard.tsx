import { App, Button, Card, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, notifyError } from '../../api/client';
import { listChecks, orderCheck, resendCheck, type BackgroundCheck, type CheckSubject } from '../../api/integrations';
import { LoadError } from '../../components/LoadError';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';

const OUTCOME_TAG: Record<NonNullable<BackgroundCheck['outcome']>, string> = { clear: 'green', discrepancies: 'orange', failed: 'red' };

/**
 * Background checks of a submission (at offer) or a placement (at offer and re-verifications): order, status,
 * result. Only the poster's people and the delivering consultant see them (anyone else: the API answers 404, and
 * the card says nothing is visible).
 */
export function BackgroundChecksCard({ subject, canOrder }: { subject: CheckSubject; canOrder: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const load = useLoad((signal) => listChecks(subject, signal), [subject.kind, subject.id]);
  const [busy, setBusy] = useState(false);
  const checks = load.data?.items ?? [];
  const running = checks.some((c) => c.status !== 'completed');

  const act = async (work: () => Promise<BackgroundCheck>) => {
    setBusy(true);
    try {
      await work();
      message.success(t('checks.ordered'));
      load.reload();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const hidden = load.error instanceof ApiError && load.error.status === 404;
  if (hidden) return null;
  return (
    <Card
      title={t('checks.title')}
      data-testid="background-checks"
      extra={
        <Flex gap={8}>
          {running && <Button size="small" onClick={load.reload}>{t('checks.refresh')}</Button>}
          {/* A placement is re-verified only when its signed terms offer it for the job's level. */}
          {canOrder && (subject.kind === 'submission' || load.data?.reverificationOffered === true) && (
            <Button type="primary" size="small" loading={busy} disabled={running} onClick={() => void act(() => orderCheck(subject))} data-testid="order-check">
              {subject.kind === 'submission' ? t('checks.orderAtOffer') : t('checks.orderReverification')}
            </Button>
          )}
        </Flex>
      }
    >
      {!load.data ? (
        load.error ? <LoadError error={load.error} onRetry={load.reload} /> : <Skeleton active paragraph={{ rows: 1 }} />
      ) : checks.length === 0 ? (
        <Empty description={t('checks.none')} />
      ) : (
        <List
          dataSource={checks}
          renderItem={(c) => (
            <List.Item data-testid={`check-${c.status}`}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{t(`checks.stage.${c.stage}`)}</Typography.Text>
                  {c.outcome ? <Tag color={OUTCOME_TAG[c.outcome]} data-testid="check-outcome">{t(`checks.outcome.${c.outcome}`)}</Tag> : <Tag>{t(`checks.status.${c.status}`)}</Tag>}
                  <Typography.Text type="secondary">
                    {t('checks.orderedAt', { at: formatInstant(c.orderedAt, locale) })}
                    {c.completedAt ? ` · ${t('checks.completedAt', { at: formatInstant(c.completedAt, locale) })}` : ''}
                    {c.providerRef ? ` · ${t(c.provider === 'demo' ? 'checks.demoProvider' : 'checks.provider')} ${c.providerRef}` : ''}
                  </Typography.Text>
                </Flex>
                {c.items.map((i, n) => (
                  <Typography.Text key={n}>
                    · {t(`checks.item.${i.code}`)}
                    {i.note ? `: ${i.note}` : ''}
                  </Typography.Text>
                ))}
                {c.status === 'requested' && (
                  <Flex gap={8} align="center">
                    <Typography.Text type="warning">{t('checks.notSent', { reason: c.lastError ?? '—' })}</Typography.Text>
                    {/* A placement is re-verified only when its signed terms offer it for the job's level. */}
          {canOrder && (subject.kind === 'submission' || load.data?.reverificationOffered === true) && (
                      <Button size="small" loading={busy} onClick={() => void act(() => resendCheck(c.id))}>
                        {t('checks.resend')}
                      </Button>
                    )}
                  </Flex>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
