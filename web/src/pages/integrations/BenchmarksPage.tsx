import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Skeleton, Table, Typography, Upload } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, notifyError } from '../../api/client';
import { importBenchmarks, listBenchmarks, type Benchmark, type BenchmarkImport, type RowError } from '../../api/integrations';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks';
import { Money } from '../placements/placement-parts';

const BenchmarkChart = lazy(() => import('./BenchmarkChart').then((m) => ({ default: m.BenchmarkChart })));

/** The most benchmarks the page lists and charts at once (the API pages them; the table pages locally). */
const SHOWN = 100;

/** Platform ops: import a salary benchmark CSV, see each bad row by line and column, and the benchmarks as a table and a chart. */
export function BenchmarksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useLoad((signal) => listBenchmarks(SHOWN, signal), []);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BenchmarkImport | null>(null);
  const [problems, setProblems] = useState<{ fileName: string; errors: RowError[]; total: number } | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    setProblems(null);
    try {
      const r = await importBenchmarks({ fileName: file.name, csv: await file.text() });
      setResult(r);
      message.success(t('benchmarks.import.done', { rows: r.rows }));
      list.reload();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as { errors?: RowError[]; total?: number } | undefined) : undefined;
      if (details?.errors) setProblems({ fileName: file.name, errors: details.errors, total: details.total ?? details.errors.length });
      else notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const fmt = (b: Benchmark) => (k: 'p25' | 'p50' | 'p75' | 'p90') => <Money amount={b[k]} currency={b.currency} />;
  return (
    <>
      <PageHeader title={t('benchmarks.title')} subtitle={t('benchmarks.subtitle')} />
      <Flex vertical gap={16}>
        <Card title={t('benchmarks.import.title')}>
          <Flex vertical gap={12}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('benchmarks.import.help')}
            </Typography.Paragraph>
            <Typography.Text code>city,function,level,currency,p25,p50,p75,p90</Typography.Text>
            <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(f) => (void upload(f), false)}>
              <Button icon={<UploadOutlined />} loading={busy} type="primary" data-testid="benchmark-upload">
                {t('benchmarks.import.choose')}
              </Button>
            </Upload>
            {result && <Alert type="success" showIcon data-testid="benchmark-import-done" message={t('benchmarks.import.summary', { rows: result.rows, created: result.created, updated: result.updated })} />}
            {problems && (
              <>
                <Alert type="error" showIcon data-testid="benchmark-import-refused" message={t('benchmarks.import.refused', { fileName: problems.fileName, total: problems.total })} />
                <Table<RowError>
                  size="small"
                  rowKey={(e) => `${e.line}:${e.column}:${e.message}`}
                  dataSource={problems.errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  data-testid="benchmark-errors"
                  columns={[
                    { title: t('benchmarks.import.line'), dataIndex: 'line', width: 80 },
                    { title: t('benchmarks.import.column'), dataIndex: 'column', width: 140 },
                    { title: t('benchmarks.import.message'), dataIndex: 'message' },
                  ]}
                />
              </>
            )}
          </Flex>
        </Card>
        <Card title={t('benchmarks.table.title')}>
          {!list.data ? (
            list.error ? <LoadError error={list.error} onRetry={list.reload} /> : <Skeleton active />
          ) : (
            <Flex vertical gap={16}>
              {list.data.items.length > 0 && (
                <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
                  <BenchmarkChart
                    rows={list.data.items.slice(0, 20).map((b) => ({
                      label: `${b.city} · ${t(`marketplace.functions.${b.function}`, { defaultValue: b.function })} · ${t(`marketplace.levels.${b.level}`, { defaultValue: b.level })}`,
                      currency: b.currency,
                      p25: Number(b.p25),
                      p50: Number(b.p50),
                      p75: Number(b.p75),
                      p90: Number(b.p90),
                    }))}
                  />
                </Suspense>
              )}
              <Table<Benchmark>
                size="small"
                rowKey={(b) => `${b.city}|${b.function}|${b.level}|${b.currency}`}
                dataSource={list.data.items}
                data-testid="benchmark-table"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('benchmarks.table.city'), dataIndex: 'city' },
                  { title: t('benchmarks.table.function'), dataIndex: 'function', render: (v: string) => t(`marketplace.functions.${v}`, { defaultValue: v }) },
                  { title: t('benchmarks.table.level'), dataIndex: 'level', render: (v: string) => t(`marketplace.levels.${v}`, { defaultValue: v }) },
                  { title: 'P25', render: (_, b) => fmt(b)('p25'), align: 'right' },
                  { title: 'P50', render: (_, b) => fmt(b)('p50'), align: 'right' },
                  { title: 'P75', render: (_, b) => fmt(b)('p75'), align: 'right' },
                  { title: 'P90', render: (_, b) => fmt(b)('p90'), align: 'right' },
                ]}
              />
            </Flex>
          )}
        </Card>
      </Flex>
    </>
  );
}
