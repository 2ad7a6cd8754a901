import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClaimState } from '../../api/aftercare';

const CLAIM_COLORS: Record<ClaimState, string> = {
  rejected: 'default',
  pending_review: 'gold',
  awaiting_remedy: 'orange',
  refunded: 'volcano',
  replacement_pending: 'purple',
  replacement_overdue: 'red',
  replaced: 'cyan',
};

export function ClaimStateTag({ state }: { state: ClaimState }) {
  const { t } = useTranslation();
  return (
    <Tag color={CLAIM_COLORS[state]} data-testid="claim-state">
      {t(`aftercare.claims.state.${state}`)}
    </Tag>
  );
}
