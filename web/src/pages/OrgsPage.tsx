import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Divider, Empty, Flex, Form, Input, Modal, Segmented, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { MAX_NAME_LENGTH, showFormError, useUserRules } from '../components/forms';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { pagesOver } from '../components/tables';
import { OrgKindTag } from '../components/tags';
import { DEFAULT_TIME_ZONE, formatInstant, timeZoneChoices } from '../format';
import { useLoad, useLocale } from '../hooks';
import { CREATABLE_ORG_KINDS, ROLES_BY_ORG_KIND } from '../roles';
import { ORG_KINDS, type Org, type OrgKind, type User } from '../api/identity';
import { type Items } from '../api/contract';

interface CreateForm {
  name: string;
  kind: OrgKind;
  timeZone: string;
  admin: { email: string; name: string; password: string; confirm: string };
}

/** Platform ops: every org, and opening a new one with its first admin. */
export function OrgsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const userRules = useUserRules();
  const orgs = useLoad((signal) => api.get<Items<Org>>('/orgs', { signal }), []);
  const [search, setSearch] = useState('');
  const [kindFilter, setKindFilter] = useState<OrgKind | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<CreateForm>();
  const chosenKind = Form.useWatch('kind', form);
  const timeZones = useMemo(() => timeZoneChoices().map((zone) => ({ value: zone, label: zone })), []);

  const all = orgs.data?.items ?? [];
  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return all
      .filter((org) => kindFilter === 'all' || org.kind === kindFilter)
      .filter((org) => !needle || org.name.toLowerCase().includes(needle));
  }, [all, search, kindFilter]);

  async function onCreate(values: CreateForm) {
    setSubmitting(true);
    try {
      const result = await api.post<{ org: Org; admin: User }>('/orgs', {
        name: values.name.trim(),
        kind: values.kind,
        timeZone: values.timeZone,
        admin: { email: values.admin.email.trim(), name: values.admin.name.trim(), password: values.admin.password },
      });
      setCreating(false);
      void message.success(t('orgs.createdOk', { name: result.org.name, email: result.admin.email }));
      orgs.setData((current) => current && { items: [...current.items, result.org] });
    } catch (error) {
      showFormError(form, error, ['name', 'kind', 'timeZone', 'admin.email', 'admin.name', 'admin.password']);
    } finally {
      setSubmitting(false);
    }
  }

  const adminRole = chosenKind ? ROLES_BY_ORG_KIND[chosenKind][0] : undefined;

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        subtitle={t('orgs.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-create">
            {t('orgs.create')}
          </Button>
        }
      />
      <Card>
        {orgs.error && !orgs.data ? (
          <LoadError error={orgs.error} onRetry={orgs.reload} />
        ) : (
          <>
            <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
              <Space wrap>
                <Input
                  allowClear
                  prefix={<SearchOutlined />}
                  placeholder={t('orgs.searchPlaceholder')}
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                  style={{ width: 240 }}
                  data-testid="orgs-search"
                />
                <Segmented<OrgKind | 'all'>
                  value={kindFilter}
                  onChange={setKindFilter}
                  options={[
                    { value: 'all', label: t('orgs.allKinds') },
                    ...ORG_KINDS.map((kind) => ({ value: kind, label: t(`orgKinds.${kind}`) })),
                  ]}
                />
              </Space>
              <Space>
                <Typography.Text type="secondary">{t('orgs.count', { count: visible.length })}</Typography.Text>
                <Tooltip title={t('common.refresh')}>
                  <Button icon={<ReloadOutlined />} onClick={orgs.reload} aria-label={t('common.refresh')} />
                </Tooltip>
              </Space>
            </Flex>
            <Table<Org>
              rowKey="id"
              loading={orgs.loading}
              dataSource={visible}
              data-testid="orgs-table"
              scroll={{ x: 640 }}
              pagination={pagesOver(visible.length, 20)}
              onRow={(org) => ({ onDoubleClick: () => void navigate(`/orgs/${encodeURIComponent(org.id)}`) })}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={visible.length !== all.length ? t('orgs.noMatch') : t('orgs.empty')}
                  />
                ),
              }}
              columns={[
                {
                  key: 'name',
                  title: t('orgs.name'),
                  dataIndex: 'name',
                  sorter: (a, b) => a.name.localeCompare(b.name, locale),
                  render: (name: string, org) => (
                    <Link to={`/orgs/${encodeURIComponent(org.id)}`} data-testid={`org-link-${org.id}`}>
                      {name}
                    </Link>
                  ),
                },
                {
                  key: 'kind',
                  title: t('orgs.kind'),
                  dataIndex: 'kind',
                  render: (kind: OrgKind) => <OrgKindTag kind={kind} />,
                },
                {
                  key: 'timeZone',
                  title: t('orgs.timeZone'),
                  dataIndex: 'timeZone',
                  responsive: ['md'],
                  render: (zone: string | undefined) => zone ?? t('common.none'),
                },
                {
                  key: 'createdAt',
                  title: t('orgs.createdAt'),
                  dataIndex: 'createdAt',
                  sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
                  render: (value: string) => formatInstant(value, locale),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 100,
                  render: (_, org) => <Link to={`/orgs/${encodeURIComponent(org.id)}`}>{t('orgs.view')}</Link>,
                },
              ]}
            />
          </>
        )}
      </Card>

      <Modal
        open={creating}
        title={t('orgs.form.title')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={submitting}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
        width={560}
      >
        <Form<CreateForm>
          form={form}
          layout="vertical"
          onFinish={onCreate}
          preserve={false}
          autoComplete="off"
          style={{ marginTop: 8 }}
          initialValues={{ timeZone: DEFAULT_TIME_ZONE }}
        >
          <Divider titlePlacement="start" plain style={{ marginTop: 8 }}>
            {t('orgs.form.orgSection')}
          </Divider>
          <Form.Item
            name="name"
            label={t('orgs.form.name')}
            rules={[
              { required: true, whitespace: true, message: t('orgs.form.nameRequired') },
              { max: MAX_NAME_LENGTH, message: t('orgs.form.nameTooLong', { max: MAX_NAME_LENGTH }) },
            ]}
          >
            <Input placeholder={t('orgs.form.namePlaceholder')} maxLength={MAX_NAME_LENGTH} data-testid="org-form-name" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item
              style={{ flex: '1 1 200px' }}
              name="kind"
              label={t('orgs.form.kind')}
              rules={[{ required: true, message: t('orgs.form.kindRequired') }]}
            >
              <Select
                data-testid="org-form-kind"
                options={CREATABLE_ORG_KINDS.map((kind) => ({ value: kind, label: t(`orgKinds.${kind}`) }))}
              />
            </Form.Item>
            <Form.Item
              style={{ flex: '1 1 200px' }}
              name="timeZone"
              label={t('orgs.form.timeZone')}
              tooltip={t('orgs.form.timeZoneHint')}
              rules={[{ required: true }]}
            >
              <Select showSearch options={timeZones} data-testid="org-form-timezone" />
            </Form.Item>
          </Flex>
          <Divider titlePlacement="start" plain>
            {t('orgs.form.adminSection')}
          </Divider>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {adminRole ? t('orgs.form.adminHint', { role: t(`roles.${adminRole}`) }) : t('orgs.form.adminHintNoKind')}
          </Typography.Paragraph>
          <Form.Item name={['admin', 'email']} label={t('users.form.email')} rules={userRules.email}>
            <Input placeholder="admin@company.com" inputMode="email" data-testid="org-form-admin-email" />
          </Form.Item>
          <Form.Item name={['admin', 'name']} label={t('users.form.name')} rules={userRules.name}>
            <Input placeholder={t('users.form.namePlaceholder')} maxLength={MAX_NAME_LENGTH} data-testid="org-form-admin-name" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item style={{ flex: '1 1 200px' }} name={['admin', 'password']} label={t('users.form.password')} rules={userRules.password}>
              <Input.Password autoComplete="new-password" data-testid="org-form-admin-password" />
            </Form.Item>
            <Form.Item
              style={{ flex: '1 1 200px' }}
              name={['admin', 'confirm']}
              label={t('users.form.passwordConfirm')}
              dependencies={[['admin', 'password']]}
              rules={userRules.confirm(['admin', 'password'])}
            >
              <Input.Password autoComplete="new-password" data-testid="org-form-admin-confirm" />
            </Form.Item>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('users.form.passwordHint')}
          </Typography.Text>
        </Form>
      </Modal>
    </>
  );
}
