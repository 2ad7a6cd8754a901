import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeState } from '../../api/disputes';

const COLORS: Record<DisputeState, string> = { awaiting_response: 'gold', awaiting_decision: 'blue', decided: 'green' };

export function DisputeStateTag({ state, overdue }: { state: DisputeState; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={COLORS[state]} data-testid="dispute-state">
        {t(`disputes.state.${state}`)}
      </Tag>
      {overdue ? <Tag color="red">{t('disputes.overdue')}</Tag> : null}
    </>
  );
}
