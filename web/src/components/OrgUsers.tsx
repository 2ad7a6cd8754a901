import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Divider, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notifyError } from '../api/client';
import { formatInstant } from '../format';
import { useLoad, useLocale } from '../hooks';
import { ROLES_BY_ORG_KIND } from '../roles';
import type { Items } from '../api/contract';
import type { OrgKind, Role, User } from '../api/identity';
import { MAX_NAME_LENGTH, showFormError, useUserRules } from './forms';
import { LoadError } from './LoadError';
import { pagesOver } from './tables';
import { RoleTag, UserStatus } from './tags';

interface OrgUsersProps {
  orgId: string;
  orgKind: OrgKind;
  /** Create, edit, disable and enable users (org admins on their own org). */
  manage: boolean;
  /** The logged-in user, who may not disable or demote themselves. */
  currentUserId: string;
}

interface CreateForm {
  email: string;
  name: string;
  role: Role;
  password: string;
  confirm: string;
}

interface EditForm {
  name: string;
  role: Role;
}

type StatusFilter = 'all' | 'active' | 'disabled';

/** The members of one org, as a table; with `manage`, the admin's tools for them. */
export function OrgUsers({ orgId, orgKind, manage, currentUserId }: OrgUsersProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const userRules = useUserRules();
  const path = `/orgs/${encodeURIComponent(orgId)}/users`;
  const users = useLoad((signal) => api.get<Items<User>>(path, { signal }), [path]);
  const [search, setSearch] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | 'all'>('all');
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [toggling, setToggling] = useState<string | null>(null);
  const [resetLink, setResetLink] = useState<{ name: string; url: string; expiresAt: string } | null>(null);
  const [createForm] = Form.useForm<CreateForm>();
  const [editForm] = Form.useForm<EditForm>();
  const roles = ROLES_BY_ORG_KIND[orgKind] ?? [];
  const roleOptions = roles.map((role) => ({ value: role, label: t(`roles.${role}`) }));

  const all = users.data?.items ?? [];
  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return all
      .filter((user) => roleFilter === 'all' || user.role === roleFilter)
      .filter((user) => statusFilter === 'all' || (statusFilter === 'disabled') === user.disabled)
      .filter((user) => !needle || user.name.toLowerCase().includes(needle) || user.email.toLowerCase().includes(needle));
  }, [all, search, roleFilter, statusFilter]);
  const filtered = visible.length !== all.length;

  function replace(updated: User) {
    users.setData((current) => current && { items: current.items.map((user) => (user.id === updated.id ? updated : user)) });
  }

  async function onCreate(values: CreateForm) {
    setSubmitting(true);
    try {
      const user = await api.post<User>(path, {
        email: values.email.trim(),
        name: values.name.trim(),
        role: values.role,
        password: values.password,
      });
      setCreating(false);
      void message.success(t('users.createdOk', { name: user.name }));
      users.setData((current) => current && { items: [...current.items, user] });
    } catch (error) {
      showFormError(createForm, error, ['email', 'name', 'role', 'password']);
    } finally {
      setSubmitting(false);
    }
  }

  async function onEdit(values: EditForm) {
    if (!editing) return;
    const change: Partial<EditForm> = {};
    if (values.name.trim() !== editing.name) change.name = values.name.trim();
    if (values.role !== editing.role) change.role = values.role;
    if (Object.keys(change).length === 0) {
      setEditing(null);
      return;
    }
    setSubmitting(true);
    try {
      const user = await api.patch<User>(`/users/${encodeURIComponent(editing.id)}`, change);
      replace(user);
      setEditing(null);
      void message.success(t('users.updatedOk', { name: user.name }));
    } catch (error) {
      showFormError(editForm, error, ['name', 'role']);
    } finally {
      setSubmitting(false);
    }
  }

  async function onToggle(user: User) {
    setToggling(user.id);
    try {
      const updated = await api.patch<User>(`/users/${encodeURIComponent(user.id)}`, { disabled: !user.disabled });
      replace(updated);
      void message.success(t(updated.disabled ? 'users.disabledOk' : 'users.enabledOk', { name: updated.name }));
    } catch (error) {
      notifyError(error);
    } finally {
      setToggling(null);
    }
  }

  async function onIssueReset(user: User) {
    try {
      const issued = await api.post<{ path: string; expiresAt: string }>(`/users/${encodeURIComponent(user.id)}/password-reset`);
      setResetLink({ name: user.name, url: `${window.location.origin}${issued.path}`, expiresAt: issued.expiresAt });
    } catch (error) {
      notifyError(error);
    }
  }

  if (users.error && !users.data) return <LoadError error={users.error} onRetry={users.reload} />;

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            style={{ width: 240 }}
            data-testid="users-search"
          />
          <Select<Role | 'all'>
            value={roleFilter}
            onChange={setRoleFilter}
            style={{ width: 170 }}
            options={[{ value: 'all', label: t('users.allRoles') }, ...roleOptions]}
          />
          <Select<StatusFilter>
            value={statusFilter}
            onChange={setStatusFilter}
            style={{ width: 130 }}
            options={[
              { value: 'all', label: t('users.allStatuses') },
              { value: 'active', label: t('users.active') },
              { value: 'disabled', label: t('users.disabled') },
            ]}
          />
        </Space>
        <Space>
          <Typography.Text type="secondary">{t('users.count', { count: visible.length })}</Typography.Text>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={users.reload} aria-label={t('common.refresh')} />
          </Tooltip>
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {t('users.create')}
            </Button>
          ) : null}
        </Space>
      </Flex>

      <Table<User>
        rowKey="id"
        loading={users.loading}
        dataSource={visible}
        data-testid="users-table"
        scroll={{ x: 760 }}
        pagination={pagesOver(visible.length, 20)}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('users.noMatch') : t('users.empty')} />,
        }}
        columns={[
          {
            key: 'name',
            title: t('users.name'),
            dataIndex: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name, locale),
            render: (name: string, user) => (
              <Space size={6}>
                <Typography.Text strong={!user.disabled} type={user.disabled ? 'secondary' : undefined}>
                  {name}
                </Typography.Text>
                {user.id === currentUserId ? <Tag color="processing">{t('users.you')}</Tag> : null}
              </Space>
            ),
          },
          {
            key: 'email',
            title: t('users.email'),
            dataIndex: 'email',
            sorter: (a, b) => a.email.localeCompare(b.email),
            render: (email: string) => <span style={{ whiteSpace: 'nowrap' }}>{email}</span>,
          },
          { key: 'role', title: t('users.role'), dataIndex: 'role', render: (role: Role) => <RoleTag role={role} /> },
          { key: 'status', title: t('users.status'), dataIndex: 'disabled', render: (disabled: boolean) => <UserStatus disabled={disabled} /> },
          {
            key: 'createdAt',
            title: t('users.createdAt'),
            dataIndex: 'createdAt',
            defaultSortOrder: undefined,
            sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
            render: (value: string) => formatInstant(value, locale),
          },
          ...(manage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 220,
                  fixed: 'right' as const,
                  render: (_: unknown, user: User) => {
                    const self = user.id === currentUserId;
                    const toggle = (
                      <Button
                        type="link"
                        size="small"
                        danger={!user.disabled}
                        disabled={self}
                        loading={toggling === user.id}
                        style={{ paddingInline: 0 }}
                        data-testid={`user-toggle-${user.email}`}
                      >
                        {user.disabled ? t('users.enable') : t('users.disable')}
                      </Button>
                    );
                    return (
                      <Space separator={<Divider orientation="vertical" />} size={4}>
                        <Button
                          type="link"
                          size="small"
                          style={{ paddingInline: 0 }}
                          onClick={() => setEditing(user)}
                          data-testid={`user-edit-${user.email}`}
                        >
                          {t('users.edit')}
                        </Button>
                        <Popconfirm
                          title={t('users.reset.confirmTitle', { name: user.name })}
                          description={<div style={{ maxWidth: 300 }}>{t('users.reset.confirmBody')}</div>}
                          okText={t('users.reset.issue')}
                          cancelText={t('common.cancel')}
                          okButtonProps={{ 'data-testid': 'user-reset-confirm' }}
                          onConfirm={() => onIssueReset(user)}
                        >
                          <Button type="link" size="small" style={{ paddingInline: 0 }} data-testid={`user-reset-${user.email}`}>
                            {t('users.reset.action')}
                          </Button>
                        </Popconfirm>
                        {self ? (
                          <Tooltip title={t('users.cannotDisableSelf')}>{toggle}</Tooltip>
                        ) : (
                          <Popconfirm
                            title={t(user.disabled ? 'users.enableConfirmTitle' : 'users.disableConfirmTitle', { name: user.name })}
                            description={
                              <div style={{ maxWidth: 300 }}>{t(user.disabled ? 'users.enableConfirmBody' : 'users.disableConfirmBody')}</div>
                            }
                            okText={user.disabled ? t('users.enable') : t('users.disable')}
                            okButtonProps={{ danger: !user.disabled, 'data-testid': 'user-toggle-confirm' }}
                            cancelText={t('common.cancel')}
                            onConfirm={() => onToggle(user)}
                          >
                            {toggle}
                          </Popconfirm>
                        )}
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />

      {manage ? (
        <Modal
          open={creating}
          title={t('users.form.createTitle')}
          okText={t('common.create')}
          cancelText={t('common.cancel')}
          confirmLoading={submitting}
          onOk={() => createForm.submit()}
          onCancel={() => setCreating(false)}
          destroyOnHidden
          okButtonProps={{ 'data-testid': 'user-create-submit' }}
        >
          <Form<CreateForm>
            form={createForm}
            layout="vertical"
            onFinish={onCreate}
            preserve={false}
            style={{ marginTop: 16 }}
            initialValues={{ role: roles[roles.length - 1] }}
            autoComplete="off"
          >
            <Form.Item name="email" label={t('users.form.email')} rules={userRules.email}>
              <Input placeholder="name@company.com" autoComplete="off" inputMode="email" data-testid="user-form-email" />
            </Form.Item>
            <Form.Item name="name" label={t('users.form.name')} rules={userRules.name}>
              <Input placeholder={t('users.form.namePlaceholder')} maxLength={MAX_NAME_LENGTH} data-testid="user-form-name" />
            </Form.Item>
            <Form.Item name="role" label={t('users.form.role')} rules={[{ required: true, message: t('users.form.roleRequired') }]}>
              <Select options={roleOptions} data-testid="user-form-role" />
            </Form.Item>
            <Form.Item name="password" label={t('users.form.password')} extra={t('users.form.passwordHint')} rules={userRules.password}>
              <Input.Password autoComplete="new-password" data-testid="user-form-password" />
            </Form.Item>
            <Form.Item name="confirm" label={t('users.form.passwordConfirm')} dependencies={['password']} rules={userRules.confirm('password')}>
              <Input.Password autoComplete="new-password" data-testid="user-form-confirm" />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}

      <Modal
        open={resetLink !== null}
        title={t('users.reset.linkTitle', { name: resetLink?.name ?? '' })}
        onCancel={() => setResetLink(null)}
        footer={
          <Button type="primary" onClick={() => setResetLink(null)} data-testid="user-reset-done">
            {t('users.reset.done')}
          </Button>
        }
        destroyOnHidden
      >
        {resetLink ? (
          <>
            <Typography.Paragraph>{t('users.reset.linkBody', { expiresAt: formatInstant(resetLink.expiresAt, locale) })}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: resetLink.url }} code data-testid="user-reset-link" style={{ wordBreak: 'break-all' }}>
              {resetLink.url}
            </Typography.Paragraph>
          </>
        ) : null}
      </Modal>

      {manage ? (
        <Modal
          open={editing !== null}
          title={t('users.form.editTitle')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          confirmLoading={submitting}
          onOk={() => editForm.submit()}
          onCancel={() => setEditing(null)}
          destroyOnHidden
        >
          {editing ? (
            <Form<EditForm>
              form={editForm}
              layout="vertical"
              onFinish={onEdit}
              preserve={false}
              style={{ marginTop: 16 }}
              initialValues={{ name: editing.name, role: editing.role }}
            >
              <Form.Item label={t('users.form.email')}>
                <Typography.Text>{editing.email}</Typography.Text>
              </Form.Item>
              <Form.Item name="name" label={t('users.form.name')} rules={userRules.name}>
                <Input maxLength={MAX_NAME_LENGTH} />
              </Form.Item>
              <Form.Item
                name="role"
                label={t('users.form.role')}
                rules={[{ required: true, message: t('users.form.roleRequired') }]}
                extra={editing.id === currentUserId ? t('users.cannotChangeOwnRole') : undefined}
              >
                <Select options={roleOptions} disabled={editing.id === currentUserId} />
              </Form.Item>
            </Form>
          ) : null}
        </Modal>
      ) : null}
    </>
  );
}
