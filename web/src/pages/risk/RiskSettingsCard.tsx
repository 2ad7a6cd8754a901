import { Alert, App, Button, Card, Checkbox, Flex, InputNumber, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { getRiskSettings, saveRiskSettings, type ProtectedInput } from '../../api/risk';

/**
 * Ops set the risk bands and may enable a protected input (DESIGN §4.7): only after viewing this report (the page
 * records the view), and every change is audited. Off by default and in the demo.
 */
export function RiskSettingsCard({ reportLoaded }: { reportLoaded: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const settings = useLoad((signal) => getRiskSettings(signal), [reportLoaded]);
  const [enabled, setEnabled] = useState<ProtectedInput[]>([]);
  const [medium, setMedium] = useState(0.15);
  const [high, setHigh] = useState(0.35);
  const [saving, setSaving] = useState(false);
  const s = settings.data;
  useEffect(() => {
    if (!s) return;
    setEnabled(s.enabledProtected);
    setMedium(s.thresholds.medium);
    setHigh(s.thresholds.high);
  }, [s]);

  async function save() {
    setSaving(true);
    try {
      const updated = await saveRiskSettings({ enabledProtected: enabled, thresholds: { medium, high } });
      settings.setData(() => updated);
      void message.success(t('riskSettings.saved'));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('riskSettings.title')} style={{ marginBottom: 16 }} data-testid="risk-settings">
      {!s ? (
        settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('riskSettings.warning')} />
          <Typography.Text type="secondary">
            {s.reportViewedAt ? t('riskSettings.viewedAt', { at: formatInstant(s.reportViewedAt, locale) }) : t('riskSettings.notViewed')} · {t('riskSettings.model', { model: s.model })}
          </Typography.Text>
          <Checkbox.Group value={enabled} onChange={(v) => setEnabled(v)} options={s.protectedInputs.map((p) => ({ value: p, label: t(`fairness.inputs.${p}`, { defaultValue: p }) }))} data-testid="risk-protected" />
          <Flex gap={16} wrap align="center">
            <span>
              {t('riskSettings.medium')}{' '}
              <InputNumber min={0.01} max={0.99} step={0.01} value={medium} onChange={(v) => setMedium(v ?? medium)} data-testid="risk-medium" />
            </span>
            <span>
              {t('riskSettings.high')} <InputNumber min={0.01} max={1} step={0.01} value={high} onChange={(v) => setHigh(v ?? high)} data-testid="risk-high" />
            </span>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="risk-settings-save">
              {t('common.save')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}
