import { CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInstant, formatMoney, pick } from '../../format';
import { useLocale } from '../../hooks';
import type { Locale } from '../../i18n/index.ts';
import type { LocalizedText, PlacementSide, PlacementStatus, PlacementSummary } from '../../api/placements';

const STATUS_COLORS: Record<PlacementStatus, string> = {
  pending_acceptance: 'gold',
  active: 'green',
  guarantee_passed: 'blue',
  replaced: 'cyan',
  refunded: 'volcano',
  replacing: 'purple',
  closed: 'default',
};

export function PlacementStatusTag({ status }: { status: PlacementStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`placements.status.${status}`)}
    </Tag>
  );
}

export function Money({ amount, currency, strong = false }: { amount: string; currency: string; strong?: boolean }) {
  return (
    <Tooltip title={`${amount} ${currency}`}>
      <Typography.Text strong={strong} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {formatMoney(amount, currency)}
      </Typography.Text>
    </Tooltip>
  );
}

export const pickText = (text: LocalizedText | null | undefined, locale: Locale): string | null => (text ? pick(text, locale) : null);

/** The day of employment of a date (the start date is day 1, DESIGN §4.2). */
export function employmentDay(startDate: string, date: string): number {
  const a = Date.UTC(Number(startDate.slice(0, 4)), Number(startDate.slice(5, 7)) - 1, Number(startDate.slice(8, 10)));
  const b = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round((b - a) / 86_400_000) + 1;
}

/** Both sides' acceptance at a glance: ✓ accepted, ◷ still to accept. */
export function AcceptanceProgress({ placement, compact = false }: { placement: PlacementSummary; compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sides: PlacementSide[] = ['poster', 'deliverer'];
  return (
    <Flex vertical={!compact} gap={compact ? 10 : 4} wrap>
      {sides.map((side) => {
        const accepted = placement.acceptances[side];
        const mine = placement.mySides.includes(side);
        const label = t(`placements.sides.${side}`);
        return (
          <Tooltip
            key={side}
            title={accepted ? t('placements.acceptedBy', { name: accepted.name ?? '—', at: formatInstant(accepted.at, locale) }) : t('placements.waitingFor', { side: label })}
          >
            <Flex align="center" gap={4} data-testid={`acceptance-${side}`} data-accepted={accepted ? 'yes' : 'no'}>
              {accepted ? <CheckCircleFilled style={{ color: '#16a34a' }} /> : <ClockCircleOutlined style={{ color: '#d97706' }} />}
              <Typography.Text type={accepted ? undefined : 'warning'} style={{ whiteSpace: 'nowrap' }}>
                {label}
                {mine && !accepted ? ` · ${t('placements.you')}` : ''}
              </Typography.Text>
            </Flex>
          </Tooltip>
        );
      })}
    </Flex>
  );
}
