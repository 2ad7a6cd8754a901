import { CloudUploadOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, notifyError } from '../../api/client';
import { BackBreadcrumb, Pending } from '../../components/DetailFrame';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { pagesOver } from '../../components/tables';
import { formatInstant, pick, shortHash } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { PlanKindTag, prettyTerms, ScopeAndWording, TermsJsonEditor, TierTag, useTermsDraft } from './plan-parts';
import type { PlanVersionDetail, PlanWithVersions, VersionHead } from '../../api/plans';

/**
 * One plan: the chosen version's scope statement beside its rules in plain words, its terms hash, the version
 * history, and for platform ops the editor that publishes the next version.
 */
export function PlanDetailPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const { user, org } = useSession();
  const isOps = user.role === 'platform_ops';
  const { planId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const plan = useLoad((signal) => api.get<PlanWithVersions>(`/plans/${encodeURIComponent(planId)}`, { signal }), [planId]);
  const versionId = params.get('version') ?? plan.data?.plan.latest.id ?? null;
  const version = useLoad(
    (signal) => (versionId ? api.get<PlanVersionDetail>(`/plan-versions/${encodeURIComponent(versionId)}`, { signal }) : new Promise<PlanVersionDetail>(() => {})),
    [versionId],
  );

  const [editing, setEditing] = useState(false);
  const draft = useTermsDraft();
  const [baseline, setBaseline] = useState<{ version: number; text: string } | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  const editorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (editing) editorRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [editing]);

  const selectVersion = (id: string) => {
    const copy = new URLSearchParams(params);
    if (id === plan.data?.plan.latest.id) copy.delete('version');
    else copy.set('version', id);
    setParams(copy);
  };

  /** The editor starts from the latest version's terms, whichever version is on screen. */
  async function openEditor() {
    if (!plan.data) return;
    try {
      const latest = plan.data.plan.latest.id === version.data?.id ? version.data : await api.get<PlanVersionDetail>(`/plan-versions/${encodeURIComponent(plan.data.plan.latest.id)}`);
      const text = prettyTerms(latest.terms);
      setBaseline({ version: latest.version, text });
      draft.write(text);
      form.resetFields();
      setEditing(true);
    } catch (error) {
      notifyError(error);
    }
  }

  async function onPublish(values: { note: string }) {
    if (!baseline) return;
    const terms = draft.read();
    if (!terms) return;
    setPublishing(true);
    try {
      const created = await api.post<PlanVersionDetail>(`/plans/${encodeURIComponent(planId)}/versions`, {
        terms,
        note: values.note.trim(),
        expectedVersion: baseline.version,
      });
      setEditing(false);
      void message.success(t('plans.publish.done', { version: created.version }));
      const copy = new URLSearchParams(params);
      copy.delete('version');
      setParams(copy);
      plan.reload();
    } catch (error) {
      if (error instanceof ApiError && error.field === 'body.note') form.setFields([{ name: 'note', errors: [error.message] }]);
      else if (error instanceof ApiError && (error.code === 'invalid_input' || error.code === 'conflict')) draft.refuse(error);
      else notifyError(error);
    } finally {
      setPublishing(false);
    }
  }

  const breadcrumb = <BackBreadcrumb to="/plans" label={t('nav.plans')} current={plan.data ? pick(plan.data.plan.name, locale) : t('plans.detail.title')} />;
  if (!plan.data) return <Pending load={plan} before={breadcrumb} />;

  const { plan: summary, versions } = plan.data;
  const current = version.data && version.data.planId === summary.id ? version.data : undefined;

  return (
    <>
      {breadcrumb}
      <PageHeader
        title={pick(summary.name, locale)}
        subtitle={
          <Flex gap={8} align="center" wrap component="span">
            <TierTag tier={summary.tier} />
            <PlanKindTag plan={summary} />
            <Typography.Text type="secondary">{summary.key}</Typography.Text>
          </Flex>
        }
        extra={
          isOps ? (
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void openEditor()} disabled={editing} data-testid="plan-publish-open">
              {t('plans.publish.open')}
            </Button>
          ) : null
        }
      />

      {!summary.selectable ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plans.detail.templateTitle')}
          description={t(isOps ? 'plans.detail.templateOps' : 'plans.detail.templateOthers')}
          action={
            org.kind === 'employer' ? (
              <Link to="/plans?tab=requests">
                <Button size="small">{t('plans.requests.new')}</Button>
              </Link>
            ) : undefined
          }
        />
      ) : null}

      {!current ? (
        <Pending load={version} />
      ) : (
        <Flex vertical gap={16}>
          {!current.isLatest ? (
            <Alert
              type="warning"
              showIcon
              data-testid="plan-old-version"
              title={t('plans.detail.oldVersion', { version: current.version, latest: current.latestVersion })}
              action={
                <Button size="small" onClick={() => selectVersion(summary.latest.id)}>
                  {t('plans.detail.showLatest')}
                </Button>
              }
            />
          ) : null}

          <Card>
            <Descriptions
              column={{ xs: 1, md: 2, xl: 3 }}
              items={[
                {
                  key: 'version',
                  label: t('plans.detail.version'),
                  children: (
                    <Select
                      size="small"
                      value={current.id}
                      onChange={selectVersion}
                      style={{ minWidth: 180 }}
                      data-testid="plan-version-select"
                      options={versions.map((v) => ({
                        value: v.id,
                        label: `v${v.version}${v.id === summary.latest.id ? ` · ${t('plans.detail.latest')}` : ''}`,
                      }))}
                    />
                  ),
                },
                { key: 'publishedAt', label: t('plans.detail.publishedAt'), children: formatInstant(current.publishedAt, locale) },
                { key: 'publishedBy', label: t('plans.detail.publishedBy'), children: current.publishedBy?.name ?? t('plans.detail.system') },
                ...(current.owner ? [{ key: 'owner', label: t('plans.detail.owner'), children: current.owner.orgName }] : []),
                { key: 'note', label: t('plans.detail.note'), span: 'filled' as const, children: current.note || t('common.none') },
                {
                  key: 'hash',
                  label: t('plans.detail.termsHash'),
                  span: 'filled' as const,
                  children: (
                    <Flex vertical gap={2}>
                      <Mono value={current.termsHash} testId="plan-terms-hash" />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('plans.detail.hashHint')}
                      </Typography.Text>
                    </Flex>
                  ),
                },
              ]}
            />
          </Card>

          <ScopeAndWording version={current} locale={locale} />

          <Collapse
            items={[
              {
                key: 'json',
                label: t('plans.detail.machineTerms'),
                children: (
                  <Flex vertical gap={12}>
                    <pre style={{ margin: 0, maxHeight: 480, overflow: 'auto', fontSize: 12, background: '#f8fafc', padding: 12, borderRadius: 8 }} data-testid="plan-terms-json">
                      {prettyTerms(current.terms)}
                    </pre>
                    <Typography.Text type="secondary">{t('plans.detail.canonicalHint')}</Typography.Text>
                    <Mono value={current.canonicalTerms} />
                  </Flex>
                ),
              },
            ]}
          />

          {editing && baseline ? (
            <div ref={editorRef}>
              <Card
                title={t('plans.publish.title', { version: baseline.version + 1 })}
                extra={<Typography.Text type="secondary">{t('plans.publish.basedOn', { version: baseline.version })}</Typography.Text>}
                data-testid="plan-publish-card"
              >
                <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('plans.publish.immutable')} />
                <Form form={form} layout="vertical" onFinish={onPublish}>
                  <Form.Item label={t('plans.publish.terms')} required>
                    <TermsJsonEditor value={draft.text} onChange={draft.write} onReset={() => draft.write(baseline.text)} problem={draft.problem} testId="plan-terms-editor" />
                  </Form.Item>
                  <Form.Item
                    name="note"
                    label={t('plans.publish.note')}
                    extra={t('plans.publish.noteHint')}
                    rules={[
                      { required: true, whitespace: true, message: t('plans.publish.noteRequired') },
                      { max: 2000, message: t('plans.publish.noteTooLong', { max: 2000 }) },
                    ]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} showCount data-testid="plan-publish-note" />
                  </Form.Item>
                  <Flex gap={8} justify="flex-end">
                    <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
                    <Button type="primary" htmlType="submit" loading={publishing} icon={<CloudUploadOutlined />} data-testid="plan-publish-submit">
                      {t('plans.publish.submit', { version: baseline.version + 1 })}
                    </Button>
                  </Flex>
                </Form>
              </Card>
            </div>
          ) : null}

          <Card
            title={
              <Flex gap={8} align="center">
                <HistoryOutlined />
                {t('plans.detail.history')}
              </Flex>
            }
          >
            <Table<VersionHead>
              rowKey="id"
              size="middle"
              dataSource={versions}
              data-testid="plan-versions-table"
              pagination={pagesOver(versions.length, 10)}
              scroll={{ x: 760 }}
              rowClassName={(v) => (v.id === current.id ? 'ant-table-row-selected' : '')}
              columns={[
                {
                  key: 'version',
                  title: t('plans.detail.version'),
                  width: 120,
                  render: (_, v) => (
                    <Flex gap={6} align="center">
                      <Typography.Text strong>v{v.version}</Typography.Text>
                      {v.id === summary.latest.id ? <Tag color="green">{t('plans.detail.latest')}</Tag> : null}
                    </Flex>
                  ),
                },
                { key: 'publishedAt', title: t('plans.detail.publishedAt'), width: 190, render: (_, v) => formatInstant(v.publishedAt, locale) },
                { key: 'publishedBy', title: t('plans.detail.publishedBy'), width: 160, render: (_, v) => v.publishedBy?.name ?? t('plans.detail.system') },
                { key: 'note', title: t('plans.detail.note'), render: (_, v) => v.note || t('common.none') },
                {
                  key: 'hash',
                  title: t('plans.detail.termsHash'),
                  width: 190,
                  render: (_, v) => <Mono value={shortHash(v.termsHash)} copyable={false} />,
                },
                {
                  key: 'view',
                  title: t('common.actions'),
                  width: 90,
                  render: (_, v) =>
                    v.id === current.id ? (
                      <Typography.Text type="secondary">{t('plans.detail.viewing')}</Typography.Text>
                    ) : (
                      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => selectVersion(v.id)} data-testid={`plan-version-view-${v.version}`}>
                        {t('common.open')}
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
        </Flex>
      )}
    </>
  );
}
