import { FieldTimeOutlined, ForwardOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, InputNumber, Result, Row, Skeleton, Space, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../api/client';
import { useClock } from '../clock';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { formatCalendarDateLong, formatInstant } from '../format';
import { useLocale } from '../hooks';

const PRESETS = [1, 7, 30] as const;
export const MAX_ADVANCE_DAYS = 3650;

/** Platform ops with the manual clock: the platform date, and moving it forward. */
export function TimePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { clock, error, refresh, advance } = useClock();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const [busy, setBusy] = useState<number | 'custom' | null>(null);
  const [custom, setCustom] = useState<number | null>(14);

  async function onAdvance(days: number, source: number | 'custom') {
    setBusy(source);
    try {
      const next = await advance(days);
      void message.success(
        typeof next.obligationsRun === 'number'
          ? t('time.advancedRan', { date: next.today, count: next.obligationsRun })
          : t('time.advancedOk', { date: next.today }),
      );
    } catch (reason) {
      notifyError(reason);
    } finally {
      setBusy(null);
    }
  }

  if (!clock) {
    return (
      <>
        <PageHeader title={t('time.title')} />
        {error ? <LoadError error={error} onRetry={() => void refresh()} /> : <Skeleton active />}
      </>
    );
  }

  if (clock.mode !== 'manual') {
    return (
      <>
        <PageHeader title={t('time.title')} />
        <Card>
          <Result icon={<FieldTimeOutlined />} title={t('time.notManual')} subTitle={t('time.notManualHint')} />
        </Card>
      </>
    );
  }

  const customValid = custom !== null && Number.isInteger(custom) && custom >= 1 && custom <= MAX_ADVANCE_DAYS;

  return (
    <>
      <PageHeader title={t('time.title')} subtitle={t('time.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card style={{ height: '100%' }}>
            <Typography.Text type="secondary">{t('time.today')}</Typography.Text>
            <div
              data-testid="clock-today"
              style={{ fontSize: 56, fontWeight: 700, lineHeight: 1.15, letterSpacing: 1, color: token.colorPrimary, fontVariantNumeric: 'tabular-nums' }}
            >
              {clock.today}
            </div>
            <Typography.Title level={4} style={{ marginTop: 4, fontWeight: 400 }} data-testid="clock-today-long">
              {formatCalendarDateLong(clock.today, locale)}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('time.now')}: <span data-testid="clock-now">{formatInstant(clock.now, locale)}</span>
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card style={{ height: '100%' }}>
            <Flex vertical gap={16}>
              <Flex gap={8} wrap>
                {PRESETS.map((days) => (
                  <Button
                    key={days}
                    size="large"
                    icon={<ForwardOutlined />}
                    loading={busy === days}
                    disabled={busy !== null && busy !== days}
                    onClick={() => void onAdvance(days, days)}
                    data-testid={`clock-advance-${days}`}
                  >
                    {t('time.advanceBy', { count: days })}
                  </Button>
                ))}
              </Flex>
              <div>
                <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
                  {t('time.custom')}
                </Typography.Text>
                <Space.Compact>
                  <InputNumber<number>
                    size="large"
                    min={1}
                    max={MAX_ADVANCE_DAYS}
                    precision={0}
                    value={custom}
                    onChange={setCustom}
                    status={custom === null || customValid ? undefined : 'error'}
                    style={{ width: 140 }}
                    suffix={t('time.daysUnit')}
                    data-testid="clock-days"
                    onPressEnter={() => {
                      if (customValid && busy === null) void onAdvance(custom, 'custom');
                    }}
                  />
                  <Button
                    size="large"
                    type="primary"
                    disabled={!customValid || (busy !== null && busy !== 'custom')}
                    loading={busy === 'custom'}
                    onClick={() => customValid && void onAdvance(custom, 'custom')}
                    data-testid="clock-advance-custom"
                  >
                    {t('time.advance')}
                  </Button>
                </Space.Compact>
                {custom !== null && !customValid ? (
                  <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }}>
                    {t('time.daysRange', { max: MAX_ADVANCE_DAYS })}
                  </Typography.Text>
                ) : null}
              </div>
              <Alert type="info" showIcon icon={<InfoCircleOutlined />} title={t('time.note')} />
            </Flex>
          </Card>
        </Col>
      </Row>
    </>
  );
}
