import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { LoadError } from '../components/LoadError';
import { Mono } from '../components/Mono';
import { PageHeader } from '../components/PageHeader';
import { pagesOver } from '../components/tables';
import { formatInstant, shortId } from '../format';
import { useLoad, useLocale } from '../hooks';
import { useSession } from '../session';
import type { TranslationMessages } from '../i18n/zh-CN.ts';
import type { AuditEvent, Checkpoint } from '../api/platform';
import type { Items } from '../api/contract';
import type { Org, User } from '../api/identity';

export const EVENT_LIMIT = 50;

/** Everyone: the latest signed checkpoint of the audit log and the recent events they may see. */
export function AuditPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user, org } = useSession();
  const checkpoint = useLoad(async (signal) => {
    try {
      return await api.get<Checkpoint>('/audit/checkpoint', { signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null; // none issued yet
      throw error;
    }
  }, []);
  const events = useLoad((signal) => api.get<Items<AuditEvent>>('/audit/events', { signal, query: { limit: EVENT_LIMIT } }), []);
  // Names for ids, where this user may read them; the ids stand in otherwise.
  const people = useLoad(
    (signal) => api.get<Items<User>>(`/orgs/${encodeURIComponent(org.id)}/users`, { signal }).catch(() => ({ items: [] as User[] })),
    [org.id],
  );
  const orgs = useLoad((signal) => api.get<Items<Org>>('/orgs', { signal }).catch(() => ({ items: [] as Org[] })), []);
  const showOrg = user.role === 'platform_ops';
  // Platform ops see every org's events: name the actors of the other orgs too (a few orgs per page).
  const otherOrgIds = useMemo(
    () =>
      showOrg
        ? [...new Set((events.data?.items ?? []).map((event) => event.orgId).filter((id): id is string => Boolean(id) && id !== org.id))]
            .sort()
            .slice(0, 20)
        : [],
    [showOrg, events.data, org.id],
  );
  const otherPeople = useLoad(
    async (signal) =>
      (
        await Promise.all(
          otherOrgIds.map((id) =>
            api.get<Items<User>>(`/orgs/${encodeURIComponent(id)}/users`, { signal }).then(
              (result) => result.items,
              () => [] as User[],
            ),
          ),
        )
      ).flat(),
    [otherOrgIds.join(',')],
  );

  const userNames = useMemo(() => {
    const names = new Map<string, string>([[user.id, user.name]]);
    for (const person of [...(people.data?.items ?? []), ...(otherPeople.data ?? [])]) names.set(person.id, person.name);
    return names;
  }, [people.data, otherPeople.data, user.id, user.name]);
  const orgNames = useMemo(() => new Map((orgs.data?.items ?? []).map((item) => [item.id, item.name])), [orgs.data]);

  /** A known event type in words; a newer one by its code. */
  function eventLabel(type: string): string {
    const key = type.replace(/[^a-z0-9]+/gi, '_') as keyof TranslationMessages['audit']['eventTypes'];
    return t(`audit.eventTypes.${key}`, { defaultValue: type });
  }

  function subjectLabel(subjectType: string): string {
    const key = subjectType as keyof TranslationMessages['audit']['subjectTypes'];
    return t(`audit.subjectTypes.${key}`, { defaultValue: subjectType });
  }

  function reload() {
    checkpoint.reload();
    events.reload();
  }

  const cp = checkpoint.data;
  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.intro')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Tooltip>
        }
      />
      <Flex vertical gap={16}>
        <Card
          title={
            <Flex align="center" gap={8}>
              <SafetyCertificateOutlined />
              {t('audit.checkpoint')}
            </Flex>
          }
          data-testid="audit-checkpoint"
        >
          {checkpoint.error && !checkpoint.data ? (
            <LoadError error={checkpoint.error} onRetry={checkpoint.reload} />
          ) : checkpoint.loading && cp === undefined ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : !cp ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noCheckpoint')} />
          ) : (
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'treeSize',
                  label: t('audit.treeSize'),
                  children: <span data-testid="audit-tree-size">{t('audit.treeSizeValue', { count: cp.treeSize })}</span>,
                },
                { key: 'issuedAt', label: t('audit.issuedAt'), children: formatInstant(cp.issuedAt, locale) },
                { key: 'rootHash', label: t('audit.rootHash'), span: 'filled', children: <Mono value={cp.rootHash} testId="audit-root-hash" /> },
                { key: 'signature', label: t('audit.signature'), span: 'filled', children: <Mono value={cp.signature} /> },
                { key: 'publicKey', label: t('audit.publicKey'), span: 'filled', children: <Mono value={cp.publicKey} /> },
              ]}
            />
          )}
        </Card>

        <Card
          title={showOrg ? t('audit.eventsAll') : t('audit.events')}
          extra={<Typography.Text type="secondary">{t('audit.latest', { count: EVENT_LIMIT })}</Typography.Text>}
        >
          {events.error && !events.data ? (
            <LoadError error={events.error} onRetry={events.reload} />
          ) : (
            <Table<AuditEvent>
              rowKey="index"
              size="middle"
              loading={events.loading}
              dataSource={events.data?.items ?? []}
              data-testid="audit-events"
              scroll={{ x: 820 }}
              pagination={pagesOver(events.data?.items.length ?? 0, 20)}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
              expandable={{
                rowExpandable: (event) => Boolean(event.leafHash) || (event.payload !== null && event.payload !== undefined),
                expandedRowRender: (event) => (
                  <Flex vertical gap={8}>
                    {event.leafHash ? (
                      <div>
                        <Typography.Text type="secondary">{t('audit.leafHash')}: </Typography.Text>
                        <Mono value={event.leafHash} />
                      </div>
                    ) : null}
                    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {JSON.stringify(event.payload, null, 2)}
                    </pre>
                  </Flex>
                ),
              }}
              columns={[
                { key: 'index', title: t('audit.index'), dataIndex: 'index', width: 80 },
                {
                  key: 'occurredAt',
                  title: t('audit.occurredAt'),
                  dataIndex: 'occurredAt',
                  width: 190,
                  render: (value: string) => formatInstant(value, locale),
                },
                {
                  key: 'type',
                  title: t('audit.type'),
                  dataIndex: 'type',
                  render: (type: string) => (
                    <Tooltip title={type}>
                      <Tag data-event-type={type}>{eventLabel(type)}</Tag>
                    </Tooltip>
                  ),
                },
                {
                  key: 'actor',
                  title: t('audit.actor'),
                  dataIndex: 'actorUserId',
                  render: (id: string | null) =>
                    id ? (
                      <Tooltip title={id}>
                        <span>{userNames.get(id) ?? shortId(id)}</span>
                      </Tooltip>
                    ) : (
                      <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
                    ),
                },
                ...(showOrg
                  ? [
                      {
                        key: 'org',
                        title: t('account.org'),
                        dataIndex: 'orgId',
                        render: (id: string | null) =>
                          id ? (
                            <Tooltip title={id}>
                              <span>{orgNames.get(id) ?? shortId(id)}</span>
                            </Tooltip>
                          ) : (
                            t('common.none')
                          ),
                      },
                    ]
                  : []),
                {
                  key: 'subject',
                  title: t('audit.subject'),
                  render: (_: unknown, event: AuditEvent) =>
                    event.subjectType ? (
                      <Tooltip title={event.subjectId ?? undefined}>
                        <Typography.Text type="secondary">
                          {subjectLabel(event.subjectType)}
                          {event.subjectId ? ` · ${shortId(event.subjectId)}` : ''}
                        </Typography.Text>
                      </Tooltip>
                    ) : (
                      t('common.none')
                    ),
                },
              ]}
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
