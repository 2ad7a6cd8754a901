import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BarChart } from '../../components/BarChart';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks';
import { getFairnessReport, type FairnessGroup, type FairnessProxy } from '../../api/risk';
import { RiskSettingsCard } from './RiskSettingsCard';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const auc = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** Platform ops: how fair the retention-risk model is (DESIGN §4.7) — per group, and which inputs stand in for protected ones. */
export function FairnessPage() {
  const { t } = useTranslation();
  const report = useLoad((signal) => getFairnessReport(signal), []);
  const r = report.data;

  const groupLabel = (g: FairnessGroup) => `${t(`fairness.attributes.${g.attribute}`)} · ${t(`fairness.groups.${g.group}`, { defaultValue: g.group })}`;
  const inputLabel = (input: string) => t(`fairness.inputs.${input}`, { defaultValue: input });
  const proxyCell = (c: FairnessProxy['proxy']['gender']) => (
    <span>
      {c.auc.toFixed(3)}
      {c.group !== '' && c.auc >= 0.6 ? (
        <Tag color={c.auc >= 0.8 ? 'red' : 'orange'} style={{ marginInlineStart: 6 }}>
          {t(`fairness.groups.${c.group}`, { defaultValue: c.group })}
        </Tag>
      ) : null}
    </span>
  );

  return (
    <>
      <PageHeader
        title={t('fairness.title')}
        subtitle={t('fairness.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={report.reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      {!r ? (
        report.error ? <LoadError error={report.error} onRetry={report.reload} /> : <Skeleton active />
      ) : (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 3 }} size="small" data-testid="fairness-summary">
              <Descriptions.Item label={t('fairness.auc')}>{auc(r.overall.auc)}</Descriptions.Item>
              <Descriptions.Item label={t('fairness.aucAtHire')}>{auc(r.overall.aucAtHire)}</Descriptions.Item>
              <Descriptions.Item label={t('fairness.flagRate', { threshold: r.thresholds.high })}>{pct(r.overall.flagRate)}</Descriptions.Item>
              <Descriptions.Item label={t('fairness.leaverRate')}>{pct(r.overall.leaverRate)}</Descriptions.Item>
              <Descriptions.Item label={t('fairness.rows')}>{t('fairness.rowsValue', { rows: r.data.rows, leavers: r.data.leavers, folds: r.folds })}</Descriptions.Item>
              <Descriptions.Item label={t('fairness.protectedInputs')}>
                {r.model.protectedInputs.length === 0 ? t('fairness.noneEnabled') : r.model.protectedInputs.join(', ')}
              </Descriptions.Item>
            </Descriptions>
            <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('fairness.note')} />
          </Card>
          <RiskSettingsCard reportLoaded />
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title={t('fairness.byGroupAuc')} style={{ marginBottom: 16 }}>
                <BarChart
                  testId="fairness-chart-auc"
                  categories={r.groups.map(groupLabel)}
                  series={[
                    { name: t('fairness.auc'), values: r.groups.map((g) => g.auc) },
                    { name: t('fairness.aucAtHire'), values: r.groups.map((g) => g.aucAtHire) },
                  ]}
                  min={0.5}
                  max={1}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('fairness.byGroupFlags')} style={{ marginBottom: 16 }}>
                <BarChart
                  testId="fairness-chart-flags"
                  categories={r.groups.map(groupLabel)}
                  series={[
                    { name: t('fairness.flagRate', { threshold: r.thresholds.high }), values: r.groups.map((g) => g.flagRate) },
                    { name: t('fairness.leaverRate'), values: r.groups.map((g) => g.leaverRate) },
                  ]}
                  percent
                />
              </Card>
            </Col>
          </Row>
          <Card title={t('fairness.groupsTable')} style={{ marginBottom: 16 }}>
            <Table<FairnessGroup>
              data-testid="fairness-groups"
              size="small"
              pagination={false}
              rowKey={(g) => `${g.attribute}:${g.group}`}
              dataSource={r.groups}
              columns={[
                { title: t('fairness.group'), render: (_, g) => groupLabel(g) },
                { title: 'n', dataIndex: 'n', align: 'right' },
                { title: t('fairness.leavers'), dataIndex: 'leavers', align: 'right' },
                { title: t('fairness.leaverRate'), align: 'right', render: (_, g) => pct(g.leaverRate) },
                { title: t('fairness.auc'), align: 'right', render: (_, g) => auc(g.auc) },
                { title: t('fairness.aucAtHire'), align: 'right', render: (_, g) => auc(g.aucAtHire) },
                { title: t('fairness.flagRate', { threshold: r.thresholds.high }), align: 'right', render: (_, g) => pct(g.flagRate) },
                { title: t('fairness.meanScore'), align: 'right', render: (_, g) => pct(g.meanScore) },
              ]}
            />
          </Card>
          <Card title={t('fairness.proxies')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">{t('fairness.proxiesHint')}</Typography.Paragraph>
            <BarChart
              testId="fairness-chart-proxies"
              horizontal
              height={560}
              categories={r.proxies.map((p) => inputLabel(p.input))}
              series={[
                { name: t('fairness.attributes.gender'), values: r.proxies.map((p) => p.proxy.gender.auc) },
                { name: t('fairness.attributes.age'), values: r.proxies.map((p) => p.proxy.age.auc) },
                { name: t('fairness.attributes.maritalStatus'), values: r.proxies.map((p) => p.proxy.maritalStatus.auc) },
              ]}
              min={0.4}
              max={1}
              reference={{ value: 0.5, label: t('fairness.chance') }}
            />
            <Table<FairnessProxy>
              data-testid="fairness-proxies"
              size="small"
              pagination={false}
              rowKey="input"
              dataSource={r.proxies}
              columns={[
                { title: t('fairness.input'), render: (_, p) => inputLabel(p.input) },
                { title: t('fairness.attributes.gender'), render: (_, p) => proxyCell(p.proxy.gender) },
                { title: t('fairness.attributes.age'), render: (_, p) => proxyCell(p.proxy.age) },
                { title: t('fairness.attributes.maritalStatus'), render: (_, p) => proxyCell(p.proxy.maritalStatus) },
                { title: t('fairness.aucWithout'), align: 'right', render: (_, p) => auc(p.aucWithout) },
                {
                  title: t('fairness.aucCost'),
                  align: 'right',
                  render: (_, p) => <Typography.Text type={p.aucCost > 0.005 ? undefined : 'secondary'}>{`${p.aucCost >= 0 ? '+' : ''}${p.aucCost.toFixed(4)}`}</Typography.Text>,
                },
              ]}
            />
          </Card>
          <Card title={t('fairness.calibration')}>
            <Typography.Paragraph type="secondary">
              {t('fairness.calibrationHint', { brier: r.calibration.withCheckIns.brier.toFixed(4), brierAtHire: r.calibration.atHire.brier.toFixed(4) })}
            </Typography.Paragraph>
            <BarChart
              testId="fairness-chart-calibration"
              categories={r.calibration.withCheckIns.deciles.map((b) => String(b.bin))}
              series={[
                { name: t('fairness.predicted'), values: r.calibration.withCheckIns.deciles.map((b) => b.meanPredicted) },
                { name: t('fairness.observed'), values: r.calibration.withCheckIns.deciles.map((b) => b.observedRate) },
              ]}
              percent
            />
          </Card>
        </>
      )}
    </>
  );
}
