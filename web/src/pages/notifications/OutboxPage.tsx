import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Popconfirm, Row, Select, Segmented, Statistic, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../api/client';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, OUTBOX_PATH, resendMessage, type DeliveryChannel, type DeliveryStatus, type OutboxItem, type OutboxPage as OutboxPageData } from '../../api/notifications';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant, shortId } from '../../format';
import { useCursorPages, useLocale } from '../../hooks';
import { AttemptLog, ChannelTag, DeliveryStatusTag, kindName } from './channel-parts';
import { OutboxChart } from './OutboxChart';

/** Where a delivery goes, as far as ops need it: an e-mail's recipient, else the robot's or endpoint's id. */
function targetOf(m: OutboxItem): string {
  const to = m.payload.to;
  if (m.channel === 'email' && typeof to === 'string') return to;
  return m.targetId ? shortId(m.targetId) : '—';
}

/**
 * 消息外发 (platform ops): the outbox by status and channel, every delivery with its tries and last error, and a
 * resend for a dead letter or a held e-mail (docs/notifications.md).
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [status, setStatus] = useState<DeliveryStatus | 'all'>('all');
  const [channel, setChannel] = useState<DeliveryChannel | 'all'>('all');
  const pages = useCursorPages<OutboxPageData>(OUTBOX_PATH, { limit: 50, status: status === 'all' ? undefined : status, channel: channel === 'all' ? undefined : channel }, [status, channel]);
  const [resending, setResending] = useState<string | null>(null);
  const data = pages.first.data;

  async function onResend(m: OutboxItem) {
    setResending(m.id);
    try {
      await resendMessage(m.id);
      void message.success(t('channels.outbox.resent'));
      pages.first.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setResending(null);
    }
  }

  return (
    <>
      <PageHeader
        title={t('channels.outbox.title')}
        subtitle={t('channels.outbox.subtitle')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={pages.first.reload} aria-label={t('common.refresh')} data-testid="outbox-refresh" />
          </Tooltip>
        }
      />
      {pages.first.error && !data ? (
        <LoadError error={pages.first.error} onRetry={pages.first.reload} />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            {DELIVERY_STATUSES.map((s) => (
              <Col xs={12} lg={6} key={s}>
                <Card size="small" data-testid={`outbox-count-${s}`}>
                  <Statistic title={t(`channels.status.${s}`)} value={data?.counts[s] ?? 0} loading={!data} valueStyle={s === 'dead' && (data?.counts.dead ?? 0) > 0 ? { color: '#dc2626' } : undefined} />
                </Card>
              </Col>
            ))}
          </Row>
          {data && data.counts.held > 0 ? <Alert type="info" showIcon title={t('channels.outbox.heldHint')} /> : null}
          <Card title={t('channels.outbox.chart')} size="small">
            {data ? <OutboxChart counts={data.byChannel} /> : null}
          </Card>
          <Card
            title={t('channels.outbox.list')}
            extra={
              <Flex gap={8} wrap>
                <Segmented
                  value={status}
                  onChange={(v) => setStatus(v)}
                  options={[{ value: 'all' as const, label: t('channels.outbox.allStatuses') }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`channels.status.${s}`) }))]}
                  data-testid="outbox-status"
                />
                <Select
                  value={channel}
                  onChange={(v) => setChannel(v)}
                  style={{ width: 140 }}
                  options={[{ value: 'all' as const, label: t('channels.outbox.allChannels') }, ...DELIVERY_CHANNELS.map((c) => ({ value: c, label: t(`channels.channel.${c}`) }))]}
                  data-testid="outbox-channel"
                />
              </Flex>
            }
          >
            <Table<OutboxItem>
              rowKey="id"
              loading={pages.first.loading}
              dataSource={pages.rows}
              pagination={false}
              scroll={{ x: 1100 }}
              data-testid="outbox-table"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.outbox.empty')} /> }}
              expandable={{
                expandedRowRender: (m) => (
                  <Flex vertical gap={8}>
                    <Mono value={m.id} />
                    <AttemptLog delivery={m} />
                  </Flex>
                ),
              }}
              columns={[
                { key: 'created', title: t('channels.outbox.created'), render: (_, m) => formatInstant(m.createdAt, locale), width: 170 },
                { key: 'channel', title: t('channels.outbox.channel'), render: (_, m) => <ChannelTag channel={m.channel} />, width: 100 },
                { key: 'org', title: t('channels.outbox.org'), render: (_, m) => m.orgName ?? t('common.none') },
                { key: 'event', title: t('channels.deliveries.event'), render: (_, m) => <Tooltip title={m.eventType}>{kindName(m.eventType)}</Tooltip> },
                { key: 'target', title: t('channels.outbox.target'), render: (_, m) => <Typography.Text style={{ fontSize: 12 }}>{targetOf(m)}</Typography.Text> },
                { key: 'status', title: t('channels.deliveries.status'), render: (_, m) => <DeliveryStatusTag status={m.status} /> },
                { key: 'attempts', title: t('channels.deliveries.attempts'), render: (_, m) => m.log.length },
                { key: 'code', title: t('channels.deliveries.code'), render: (_, m) => m.lastStatusCode ?? t('common.none') },
                {
                  key: 'error',
                  title: t('channels.deliveries.lastError'),
                  render: (_, m) => (m.lastError ? <Typography.Text type={m.status === 'held' ? 'warning' : 'danger'} ellipsis={{ tooltip: m.lastError }} style={{ maxWidth: 260 }} data-testid="outbox-error">{m.lastError}</Typography.Text> : t('common.none')),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_, m) =>
                    m.status === 'dead' || m.status === 'held' ? (
                      <Popconfirm
                        title={t('channels.outbox.resend')}
                        description={<div style={{ maxWidth: 260 }}>{t('channels.outbox.resendConfirm')}</div>}
                        okText={t('channels.outbox.resend')}
                        okButtonProps={{ loading: resending === m.id, 'data-testid': 'outbox-resend-confirm' }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => onResend(m)}
                      >
                        <Button type="link" size="small" data-testid={`outbox-resend-${m.id}`}>
                          {t('channels.outbox.resend')}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]}
            />
            {pages.cursor ? <LoadMore pages={pages} label={t('channels.outbox.loadMore')} /> : null}
          </Card>
        </Flex>
      )}
    </>
  );
}
