import { CalendarOutlined, CarryOutOutlined, CommentOutlined, ExperimentOutlined, SafetyCertificateOutlined, WalletOutlined } from '@ant-design/icons';
import { Checkbox, Empty, Flex, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from '../../clock';
import { formatCalendarDateLong, formatInstant, formatMoney } from '../../format';
import { useLocale } from '../../hooks';
import { employmentDay, pickText } from './placement-parts';
import { OBLIGATION_KINDS, type LocalizedText, type ObligationKind } from '../../api/placements';

/** One obligation as the timeline shows it: planned (from the terms) or held by the scheduler (with a status). */
export interface TimelineEntry {
  key: string;
  kind: ObligationKind;
  date: string;
  dueAt: string;
  status?: 'pending' | 'done' | 'failed' | 'cancelled';
  payload: Record<string, unknown>;
}

const KIND_KEY: Record<ObligationKind, 'installment' | 'checkIn' | 'supportTask' | 'milestone' | 'guaranteeEnd'> = {
  'installment.due': 'installment',
  'checkin.open': 'checkIn',
  'support_task.due': 'supportTask',
  'milestone.due': 'milestone',
  'guarantee.end': 'guaranteeEnd',
};

const KIND_COLOR: Record<ObligationKind, string> = {
  'installment.due': '#1d4ed8',
  'guarantee.end': '#16a34a',
  'milestone.due': '#7c3aed',
  'checkin.open': '#0891b2',
  'support_task.due': '#d97706',
};

const KIND_ICON: Record<ObligationKind, ReactNode> = {
  'installment.due': <WalletOutlined />,
  'guarantee.end': <SafetyCertificateOutlined />,
  'milestone.due': <ExperimentOutlined />,
  'checkin.open': <CommentOutlined />,
  'support_task.due': <CarryOutOutlined />,
};

const STATUS_COLOR = { pending: 'default', done: 'success', failed: 'error', cancelled: 'default' } as const;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const isKind = (k: string): k is ObligationKind => (OBLIGATION_KINDS as readonly string[]).includes(k);

export function toTimelineEntries(items: { id?: string; kind: string; date: string | null; dueAt: string; status?: TimelineEntry['status']; payload: Record<string, unknown> }[]): TimelineEntry[] {
  return items
    .filter((o): o is typeof o & { kind: ObligationKind; date: string } => isKind(o.kind) && typeof o.date === 'string')
    .map((o, i) => ({ key: o.id ?? `${o.kind}-${o.date}-${i}`, kind: o.kind, date: o.date, dueAt: o.dueAt, ...(o.status ? { status: o.status } : {}), payload: o.payload }));
}

/** The placement's obligations on a vertical timeline, one node per date, with a filter by kind. */
export function ObligationTimeline({ entries, startDate, timeZone }: { entries: TimelineEntry[]; startDate: string; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { clock } = useClock();
  const [kinds, setKinds] = useState<ObligationKind[]>([...OBLIGATION_KINDS]);
  const counts = useMemo(() => {
    const c = new Map<ObligationKind, number>();
    for (const e of entries) c.set(e.kind, (c.get(e.kind) ?? 0) + 1);
    return c;
  }, [entries]);

  const byDate = useMemo(() => {
    const groups = new Map<string, TimelineEntry[]>();
    for (const e of entries) {
      if (!kinds.includes(e.kind)) continue;
      const list = groups.get(e.date) ?? [];
      list.push(e);
      groups.set(e.date, list);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [entries, kinds]);

  const now = clock ? Date.parse(clock.now) : undefined;

  function describe(e: TimelineEntry): ReactNode {
    const p = e.payload;
    switch (e.kind) {
      case 'installment.due': {
        const trigger = str(p.trigger);
        const triggerText = trigger.startsWith('day:') ? t('placements.triggers.day', { day: trigger.slice(4) }) : t(`placements.triggers.${trigger === 'start' ? 'start' : 'guarantee_passed'}`);
        return (
          <>
            {t('placements.timeline.installment', { index: Number(p.index ?? 0) + 1 })}
            <Typography.Text strong style={{ marginInlineStart: 8 }}>
              {formatMoney(str(p.amount), str(p.currency))}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {t('placements.timeline.installmentTrigger', { trigger: triggerText, date: str(p.triggerDate) })}
            </Typography.Text>
          </>
        );
      }
      case 'checkin.open':
        return (
          <>
            {t('placements.timeline.checkIn', { day: str(p.day), respondent: t(`placements.respondents.${str(p.respondent) === 'candidate' ? 'candidate' : 'employer'}`) })}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {t('placements.timeline.window', { days: str(p.windowDays), closesOn: str(p.closesOn) })}
            </Typography.Text>
          </>
        );
      case 'support_task.due':
        return t('placements.timeline.supportTask', {
          day: str(p.day),
          task: t(`placements.tasks.${(['onboarding_coaching', 'return_visit', 'integration_plan', 'retention_intervention'] as const).find((k) => k === p.taskKind) ?? 'return_visit'}`),
        });
      case 'milestone.due': {
        const skill = pickText(p.skill as LocalizedText | undefined, locale);
        return (
          <>
            {t('placements.timeline.milestone', { day: str(p.day), passScore: str(p.passScore) })}
            {skill ? (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {skill}
              </Typography.Text>
            ) : null}
          </>
        );
      }
      case 'guarantee.end':
        return t('placements.timeline.guaranteeEnd', { days: str(p.guaranteeDays), lastCoveredDay: str(p.lastCoveredDay) });
    }
  }

  return (
    <Flex vertical gap={16}>
      <Checkbox.Group<ObligationKind>
        value={kinds}
        onChange={(values) => setKinds(values)}
        data-testid="timeline-kind-filter"
        options={OBLIGATION_KINDS.filter((k) => counts.has(k)).map((k) => ({
          value: k,
          label: (
            <span style={{ color: KIND_COLOR[k] }}>
              {KIND_ICON[k]} {t(`placements.kinds.${KIND_KEY[k]}`)} ({counts.get(k) ?? 0})
            </span>
          ),
        }))}
      />
      {byDate.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('placements.timeline.empty')} />
      ) : (
        <Timeline
          mode="start"
          titleSpan="190px"
          data-testid="obligation-timeline"
          items={byDate.map(([date, list]) => {
            const first = list[0]!;
            const due = now !== undefined && Date.parse(first.dueAt) <= now;
            return {
              key: date,
              color: due ? 'gray' : KIND_COLOR[first.kind],
              icon: list.length === 1 ? <span style={{ color: due ? '#9ca3af' : KIND_COLOR[first.kind] }}>{KIND_ICON[first.kind]}</span> : undefined,
              title: (
                <Tooltip title={`${formatCalendarDateLong(date, locale)} · ${t('placements.timeline.dueAt', { at: formatInstant(first.dueAt, locale), zone: timeZone })}`}>
                  <Flex vertical align="flex-end">
                    <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                      <CalendarOutlined style={{ marginInlineEnd: 6 }} />
                      {date}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('placements.timeline.day', { day: employmentDay(startDate, date) })}
                    </Typography.Text>
                  </Flex>
                </Tooltip>
              ),
              content: (
                <Flex vertical gap={4} data-testid={`timeline-date-${date}`}>
                  {list.map((e) => (
                    <Flex key={e.key} align="center" gap={8} wrap data-kind={e.kind}>
                      <Tag color={KIND_COLOR[e.kind]} style={{ marginInlineEnd: 0 }}>
                        {t(`placements.kinds.${KIND_KEY[e.kind]}`)}
                      </Tag>
                      <span>{describe(e)}</span>
                      {e.status ? (
                        <Tag color={STATUS_COLOR[e.status]} style={{ marginInlineEnd: 0 }}>
                          {t(`placements.obligationStatus.${e.status}`)}
                        </Tag>
                      ) : null}
                    </Flex>
                  ))}
                </Flex>
              ),
            };
          })}
        />
      )}
    </Flex>
  );
}
