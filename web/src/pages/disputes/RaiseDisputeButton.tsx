import { Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, notifyError } from '../../api/client';
import type { DisputeDetail, DisputeType } from '../../api/disputes';

/**
 * Dispute a decision about a subject: a claim's decision (a rejection by the poster, a refund granted by the
 * deliverer) or its refund amount (either side), an installment's payments (either side), a placement's service
 * (the poster), an ownership refusal (the refused consultant's side), within 30 days of it; the server decides who may and says why not. Opens the dispute page once raised.
 */
export function RaiseDisputeButton({ subjectId, type, label, size, testId }: { subjectId: string; type: DisputeType; label?: string; size?: 'small'; testId?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [statement, setStatement] = useState('');
  const [busy, setBusy] = useState(false);

  async function raise() {
    setBusy(true);
    try {
      const d = await api.post<DisputeDetail>('/disputes', { type, subjectId, statement });
      setOpen(false);
      void navigate(`/disputes/${d.id}`);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button danger size={size} onClick={() => setOpen(true)} data-testid={testId ?? `dispute-raise-${type}`}>
        {label ?? t(`disputes.raise.${type}`)}
      </Button>
      <Modal
        open={open}
        title={label ?? t(`disputes.raise.${type}`)}
        okText={t('disputes.raise.submit')}
        okButtonProps={{ disabled: !statement.trim(), loading: busy, ...({ 'data-testid': 'dispute-raise-submit' } as Record<string, string>) }}
        onOk={() => void raise()}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph type="secondary">{t('disputes.raise.hint')}</Typography.Paragraph>
        <Input.TextArea rows={5} maxLength={8000} value={statement} onChange={(e) => setStatement(e.target.value)} placeholder={t('disputes.raise.statement')} data-testid="dispute-raise-statement" />
      </Modal>
    </>
  );
}
