import { Alert, Button, Modal, Space, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, DeliveryChannel, DeliveryStatus } from '../../api/notifications';
import { Mono } from '../../components/Mono';
import { formatInstant } from '../../format';
import { useLocale } from '../../hooks';
import i18n from '../../i18n/index.ts';
import { isNotificationKind, NOTIFICATION_KINDS, type NotificationKind } from '../../../../src/notifications/kinds.ts';

/** Every kind of the server's catalog, in its order. */
const KINDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
type KindGroup = 'submission' | 'placement' | 'installment' | 'checkin' | 'task' | 'claim' | 'dispute' | 'assessment' | 'job_order' | 'plan';
const groupOf = (kind: NotificationKind) => kind.split('.')[0] as KindGroup;
/** The areas the kinds belong to, in the catalog's order (a kind's group is the part before its dot). */
const GROUPS = [...new Set(KINDS.map(groupOf))];

/** The all-kinds value of an event list, as the API takes it. */
export const ALL_KINDS = '*';
const GROUP_PREFIX = 'group:';

/** A kind's short name (the inbox says the full sentence); a kind this build does not know is shown as its code. */
export function kindName(kind: string): string {
  return isNotificationKind(kind) ? i18n.t(`channels.kindNames.${kind}`) : kind;
}

/** An event list as tags: "all events", or the first few kinds' names and how many more. */
export function KindTags({ events, max = 3 }: { events: readonly string[]; max?: number }) {
  const { t } = useTranslation();
  if (events.includes(ALL_KINDS)) return <Tag color="blue">{t('channels.kinds.all')}</Tag>;
  const shown = events.slice(0, max);
  return (
    <Space size={[0, 4]} wrap>
      {shown.map((k) => (
        <Tag key={k}>{kindName(k)}</Tag>
      ))}
      {events.length > max ? (
        <Tooltip title={events.slice(max).map(kindName).join('、')}>
          <Tag>+{events.length - max}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

/**
 * Picks notification kinds, grouped by area. With `allowAll`, a root "all events" stands for `["*"]` (every kind,
 * also those added later); a whole group checked stands for its kinds.
 */
export function KindsPicker({ value, onChange, allowAll = true, testId }: { value?: string[]; onChange?: (v: string[]) => void; allowAll?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const groups = useMemo(
    () =>
      GROUPS.map((g) => ({
        title: t(`channels.kindGroups.${g}`),
        value: `${GROUP_PREFIX}${g}`,
        key: `${GROUP_PREFIX}${g}`,
        children: KINDS.filter((k) => groupOf(k) === g).map((k): { title: string; value: string; key: string } => ({ title: kindName(k), value: k, key: k })),
      })),
    [t],
  );
  type Node = { title: string; value: string; key: string; children?: Node[] };
  const treeData: Node[] = allowAll ? [{ title: t('channels.kinds.all'), value: ALL_KINDS, key: ALL_KINDS, children: groups }] : groups;
  const expand = (values: string[]): string[] => {
    if (values.includes(ALL_KINDS)) return [ALL_KINDS];
    return values.flatMap((v) => (v.startsWith(GROUP_PREFIX) ? KINDS.filter((k) => groupOf(k) === v.slice(GROUP_PREFIX.length)) : [v]));
  };
  return (
    <TreeSelect
      treeData={treeData}
      value={value}
      onChange={(v: string[]) => onChange?.(expand(v))}
      treeCheckable
      showCheckedStrategy={TreeSelect.SHOW_PARENT}
      treeDefaultExpandedKeys={allowAll ? [ALL_KINDS] : []}
      placeholder={t('channels.kinds.placeholder')}
      maxTagCount={6}
      allowClear
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

const STATUS_COLORS: Record<DeliveryStatus, string> = { pending: 'processing', delivered: 'success', dead: 'error', held: 'warning' };

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="delivery-status" data-status={status}>
      {t(`channels.status.${status}`)}
    </Tag>
  );
}

const CHANNEL_COLORS: Record<DeliveryChannel, string> = { email: 'geekblue', wecom: 'green', dingtalk: 'blue', feishu: 'cyan', webhook: 'purple' };

export function ChannelTag({ channel }: { channel: DeliveryChannel }) {
  const { t } = useTranslation();
  return <Tag color={CHANNEL_COLORS[channel]}>{t(`channels.channel.${channel}`)}</Tag>;
}

/** A delivery's tries, oldest first: when, the outcome, the answer's code, the error and how long it took. */
export function AttemptLog({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const locale = useLocale();
  type Attempt = Delivery['log'][number];
  return (
    <Table<Attempt>
      size="small"
      rowKey={(a) => `${a.attempt}:${a.at}`}
      dataSource={delivery.log}
      pagination={false}
      data-testid="delivery-log"
      locale={{ emptyText: t('channels.deliveries.noAttempts') }}
      columns={[
        // Numbered through the whole log: a replay or resend counts its tries afresh, so `attempt` repeats.
        { key: 'n', title: '#', render: (_, _a, i) => t('channels.deliveries.attempt', { n: i + 1 }), width: 90 },
        { key: 'at', title: t('channels.deliveries.time'), render: (_, a) => formatInstant(a.at, locale) },
        { key: 'outcome', title: t('channels.deliveries.status'), render: (_, a) => <Tag color={a.outcome === 'delivered' ? 'success' : a.outcome === 'retry' ? 'warning' : a.outcome === 'dead' ? 'error' : 'default'}>{t(`channels.outcome.${a.outcome}`)}</Tag> },
        { key: 'code', title: t('channels.deliveries.code'), render: (_, a) => a.statusCode ?? t('common.none') },
        { key: 'error', title: t('channels.deliveries.lastError'), render: (_, a) => a.error ?? t('common.none') },
        { key: 'ms', title: '', render: (_, a) => t('channels.deliveries.duration', { ms: a.durationMs }), width: 100 },
      ]}
    />
  );
}

/** A signing secret shown once, in a window that only closes through its button, with a copy button and a warning. */
export function SecretOnceModal({ open, title, secret, note, onDone }: { open: boolean; title: string; secret: string | null; note?: ReactNode; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      // Nothing of the secret stays in the page once the window is closed.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onDone} data-testid="secret-done">
          {t('channels.webhooks.secretDone')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('channels.webhooks.secretWarning')} style={{ marginBottom: 16 }} />
      {note ? <div style={{ marginBottom: 12 }}>{note}</div> : null}
      <div style={{ padding: 12, borderRadius: 8, background: 'rgba(0,0,0,0.04)' }}>{secret ? <Mono value={secret} testId="endpoint-secret" /> : null}</div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        Tenure-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")
      </Typography.Paragraph>
    </Modal>
  );
}
