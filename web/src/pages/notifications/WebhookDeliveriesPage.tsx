import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, Popconfirm, Segmented, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { notifyError } from '../../api/client';
import { DELIVERY_STATUSES, deliveriesPath, listEndpoints, replayDelivery, type DeliveriesPage, type Delivery, type DeliveryStatus } from '../../api/notifications';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant } from '../../format';
import { useCursorPages, useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { AttemptLog, DeliveryStatusTag, kindName } from './channel-parts';

/** While deliveries wait to be sent, the log is read again this often (the worker sends in the background). */
const POLL_MS = 5_000;

/** One webhook endpoint's delivery log, newest first: status, tries, the last answer, each try; replay one delivery. */
export function WebhookDeliveriesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const { endpointId = '' } = useParams();
  const { org } = useSession();
  const [status, setStatus] = useState<DeliveryStatus | 'all'>('all');
  const endpoints = useLoad((signal) => listEndpoints(org.id, signal), [org.id]);
  const endpoint = endpoints.data?.items.find((e) => e.id === endpointId);
  const pages = useCursorPages<DeliveriesPage>(deliveriesPath(endpointId), { limit: 50, status: status === 'all' ? undefined : status }, [endpointId, status]);
  const [replaying, setReplaying] = useState<string | null>(null);
  const waiting = pages.rows.some((d) => d.status === 'pending');
  const { reload } = pages.first;

  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);

  async function onReplay(d: Delivery) {
    setReplaying(d.id);
    try {
      await replayDelivery(d.id);
      void message.success(t('channels.deliveries.replayed'));
      reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setReplaying(null);
    }
  }

  const back = (
    <Link to="/notifications?tab=webhooks" style={{ display: 'inline-block', marginBottom: 8 }}>
      <ArrowLeftOutlined /> {t('channels.deliveries.back')}
    </Link>
  );
  if (endpoints.data && !endpoint) {
    return (
      <>
        <PageHeader title={t('channels.deliveries.title')} before={back} />
        <Card>
          <Empty description={t('channels.deliveries.missing')} />
        </Card>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={t('channels.deliveries.title')}
        subtitle={endpoint ? <Mono value={endpoint.url} copyable={false} testId="deliveries-endpoint-url" /> : null}
        before={back}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} data-testid="deliveries-refresh" />
          </Tooltip>
        }
      />
      <Card
        extra={
          <Segmented
            value={status}
            onChange={(v) => setStatus(v)}
            options={[{ value: 'all' as const, label: t('channels.deliveries.all') }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`channels.status.${s}`) }))]}
            data-testid="deliveries-filter"
          />
        }
      >
        {pages.first.error && !pages.first.data ? (
          <LoadError error={pages.first.error} onRetry={reload} />
        ) : (
          <>
            <Table<Delivery>
              rowKey="id"
              loading={pages.first.loading && !pages.first.data}
              dataSource={pages.rows}
              pagination={false}
              scroll={{ x: 900 }}
              data-testid="delivery-table"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.deliveries.empty')} /> }}
              expandable={{
                expandedRowRender: (d) => (
                  <Flex vertical gap={12}>
                    <Descriptions size="small" column={1} items={[{ key: 'id', label: t('channels.deliveries.id'), children: <Mono value={d.id} /> }]} />
                    <AttemptLog delivery={d} />
                    {typeof d.payload.body === 'string' ? (
                      <div>
                        <Typography.Text type="secondary">{t('channels.deliveries.body')}</Typography.Text>
                        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, background: 'rgba(0,0,0,0.04)', padding: 8, borderRadius: 6, margin: '4px 0 0' }}>{d.payload.body}</pre>
                      </div>
                    ) : null}
                  </Flex>
                ),
              }}
              columns={[
                { key: 'time', title: t('channels.deliveries.time'), render: (_, d) => formatInstant(d.createdAt, locale) },
                {
                  key: 'event',
                  title: t('channels.deliveries.event'),
                  render: (_, d) => (
                    <Flex vertical>
                      <span>{kindName(d.eventType)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="delivery-event">
                        {d.eventType}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  key: 'status',
                  title: t('channels.deliveries.status'),
                  render: (_, d) => (
                    <Flex vertical gap={2}>
                      <DeliveryStatusTag status={d.status} />
                      {d.status === 'pending' ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('channels.deliveries.nextAttempt', { time: formatInstant(d.nextAttemptAt, locale) })}
                        </Typography.Text>
                      ) : d.deliveredAt ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('channels.deliveries.deliveredAt', { time: formatInstant(d.deliveredAt, locale) })}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  ),
                },
                { key: 'attempts', title: t('channels.deliveries.attempts'), render: (_, d) => <span data-testid="delivery-attempts">{d.log.length}</span> },
                { key: 'code', title: t('channels.deliveries.code'), render: (_, d) => <span data-testid="delivery-code">{d.lastStatusCode ?? t('common.none')}</span> },
                {
                  key: 'error',
                  title: t('channels.deliveries.lastError'),
                  render: (_, d) => (d.lastError ? <Typography.Text type="danger" ellipsis={{ tooltip: d.lastError }} style={{ maxWidth: 240 }}>{d.lastError}</Typography.Text> : t('common.none')),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_, d) => (
                    <Popconfirm
                      title={t('channels.deliveries.replay')}
                      description={<div style={{ maxWidth: 280 }}>{t('channels.deliveries.replayConfirm')}</div>}
                      okText={t('channels.deliveries.replay')}
                      okButtonProps={{ loading: replaying === d.id, 'data-testid': 'delivery-replay-confirm' }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => onReplay(d)}
                      disabled={d.status === 'pending'}
                    >
                      <Button type="link" size="small" disabled={d.status === 'pending'} data-testid={`delivery-replay-${d.id}`}>
                        {t('channels.deliveries.replay')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
            {pages.cursor ? <LoadMore pages={pages} label={t('channels.deliveries.loadMore')} /> : null}
          </>
        )}
      </Card>
    </>
  );
}
