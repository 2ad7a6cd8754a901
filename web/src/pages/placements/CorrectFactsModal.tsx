import { Alert, Form, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/client';
import { HireFactsFields, outOfRangeOf, type HireFactsForm, type OutOfRange } from '../submissions/HireFactsFields';
import type { Reward } from '../../api/submissions';
import { correctPlacementFacts, type FactsCorrection, type PlacementDetail } from '../../api/placements';

const rewardOf = (terms: Record<string, unknown>): Reward | null => {
  const reward = terms.reward as Reward | undefined;
  return reward && (reward.type === 'fixed' || reward.type === 'percent_of_annual_salary') ? reward : null;
};

/** The amount as typed: the stored decimal without trailing zero decimals (500000.00 → 500000). */
const typedAmount = (amount: string): string => amount.replace(/\.0+$/, '');

/**
 * The poster corrects a mistyped start date or salary before both sides have accepted. Only the facts that
 * changed are sent; the agreement hash changes, so both sides accept again.
 */
export function CorrectFactsModal({ placement, open, onClose, onCorrected }: { placement: PlacementDetail; open: boolean; onClose: () => void; onCorrected: (next: PlacementDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<HireFactsForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outOfRange, setOutOfRange] = useState<OutOfRange | null>(null);
  const salary = Form.useWatch('annualSalary', form) ?? '';

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({ startDate: dayjs(placement.startDate), annualSalary: typedAmount(placement.annualSalary), confirmOutsideRange: false });
    setError(null);
    setOutOfRange(null);
  }, [open, placement.startDate, placement.annualSalary, form]);

  async function submit(values: HireFactsForm) {
    const body: FactsCorrection = {};
    const startDate = values.startDate?.format('YYYY-MM-DD');
    const annualSalary = values.annualSalary?.trim().replace(/,/g, '');
    if (startDate && startDate !== placement.startDate) body.startDate = startDate;
    if (annualSalary && annualSalary !== typedAmount(placement.annualSalary)) body.annualSalary = annualSalary;
    if (values.confirmOutsideRange) body.confirmOutsideRange = true;
    if (body.startDate === undefined && body.annualSalary === undefined) {
      setError(t('placements.correct.nothingChanged'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCorrected(await correctPlacementFacts(placement.id, body));
    } catch (e) {
      const range = outOfRangeOf(e, 'confirmOutsideRange');
      if (range) setOutOfRange(range);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('placements.correct.title')}
      okText={t('placements.correct.ok')}
      okButtonProps={{ loading: busy, 'data-testid': 'correct-confirm' }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      destroyOnHidden
      data-testid="correct-modal"
    >
      <Typography.Paragraph type="secondary">{t('placements.correct.hint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="correct-error" /> : null}
      <Form form={form} layout="vertical" requiredMark="optional">
        <HireFactsFields
          currency={placement.currency}
          reward={rewardOf(placement.terms)}
          salary={salary}
          outOfRange={outOfRange}
          onSalaryEdited={() => setOutOfRange(null)}
          required
          testIdPrefix="correct"
        />
      </Form>
    </Modal>
  );
}
