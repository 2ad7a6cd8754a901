import { PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, notifyError } from '../../api/client';
import { createRobot, deleteRobot, listRobots, ROBOT_PROVIDERS, testRobot, type NewRobot, type Robot, type RobotProvider, type RobotTestResult } from '../../api/notifications';
import { showFormError } from '../../components/forms';
import { LoadError } from '../../components/LoadError';
import { Mono } from '../../components/Mono';
import { useLoad } from '../../hooks';
import { ALL_KINDS, ChannelTag, KindsPicker, KindTags } from './channel-parts';

const URL_PATTERN = /^https?:\/\/\S+$/i;

/** What the robot answered to the last test message sent from this page. */
function TestOutcome({ robot, result }: { robot: Robot; result: RobotTestResult }) {
  const { t } = useTranslation();
  const error = [result.statusCode !== null ? `HTTP ${result.statusCode}` : null, result.error].filter(Boolean).join(' · ');
  if (result.outcome === 'delivered')
    return (
      <Tag color="success" data-testid="robot-test-outcome" data-outcome="delivered">
        {t('channels.robots.testDelivered', { name: robot.name })}
      </Tag>
    );
  const text = result.outcome === 'retry' ? t('channels.robots.testRetry', { name: robot.name, error }) : result.outcome === 'held' ? t('channels.robots.testHeld') : t('channels.robots.testFailed', { name: robot.name, error });
  return (
    <Typography.Text type="danger" data-testid="robot-test-outcome" data-outcome={result.outcome} style={{ wordBreak: 'break-word' }}>
      {text}
    </Typography.Text>
  );
}

/** The org's WeCom, DingTalk and Feishu group robots (org admins): add, send a test message and see the answer, delete. */
export function RobotsCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const robots = useLoad((signal) => listRobots(orgId, signal), [orgId]);
  const [form] = Form.useForm<NewRobot>();
  const provider = Form.useWatch('provider', form) as RobotProvider | undefined;
  const [creating, setCreating] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, RobotTestResult>>({});

  async function onCreate(values: NewRobot) {
    setSubmitting(true);
    try {
      const secret = values.provider === 'wecom' ? undefined : values.secret?.trim() || undefined;
      await createRobot(orgId, { ...values, name: values.name.trim(), url: values.url.trim(), secret });
      setCreating(false);
      void message.success(t('channels.robots.created'));
      robots.reload();
    } catch (error) {
      const details = error instanceof ApiError ? (error.details as { reason?: unknown; refused?: unknown } | undefined) : undefined;
      if (details?.reason === 'address_refused') form.setFields([{ name: 'url', errors: [t('channels.webhooks.urlRefused', { reason: String(details.refused ?? '') })] }]);
      else showFormError(form, error, ['provider', 'name', 'url', 'secret', 'events', 'language']);
    } finally {
      setSubmitting(false);
    }
  }

  async function onTest(robot: Robot) {
    setBusy(robot.id);
    try {
      const result = await testRobot(robot.id);
      setResults((r) => ({ ...r, [robot.id]: result }));
      if (result.outcome === 'delivered') void message.success(t('channels.robots.testDelivered', { name: robot.name }));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  }

  async function onDelete(robot: Robot) {
    setBusy(robot.id);
    try {
      await deleteRobot(robot.id);
      void message.success(t('channels.robots.deleted'));
      robots.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card
      title={t('channels.robots.title')}
      data-testid="robots"
      extra={
        <>
          <Tooltip title={t('common.refresh')}>
            <Button type="text" icon={<ReloadOutlined />} onClick={robots.reload} aria-label={t('common.refresh')} />
          </Tooltip>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="robot-add">
            {t('channels.robots.add')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('channels.robots.description')}</Typography.Paragraph>
      {robots.error && !robots.data ? (
        <LoadError error={robots.error} onRetry={robots.reload} />
      ) : (
        <Table<Robot>
          rowKey="id"
          loading={robots.loading}
          dataSource={robots.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          data-testid="robot-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.robots.empty')} /> }}
          columns={[
            { key: 'name', title: t('channels.robots.name'), render: (_, r) => <Typography.Text strong>{r.name}</Typography.Text> },
            { key: 'provider', title: t('channels.robots.provider'), render: (_, r) => <ChannelTag channel={r.provider} /> },
            {
              key: 'url',
              title: t('channels.robots.url'),
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  <Mono value={r.url} copyable={false} />
                  {r.provider !== 'wecom' ? <Tag color={r.signed ? 'green' : 'default'}>{r.signed ? t('channels.robots.signed') : t('channels.robots.unsigned')}</Tag> : null}
                </Space>
              ),
            },
            { key: 'events', title: t('channels.robots.events'), render: (_, r) => <KindTags events={r.events} /> },
            { key: 'language', title: t('channels.robots.language'), render: (_, r) => t(`channels.language.${r.language}`) },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 280,
              render: (_, r) => (
                <Space direction="vertical" size={4}>
                  <Space size={0}>
                    <Button type="link" size="small" icon={<SendOutlined />} loading={busy === r.id} onClick={() => void onTest(r)} data-testid={`robot-test-${r.id}`}>
                      {t('channels.robots.test')}
                    </Button>
                    <Popconfirm
                      title={t('channels.robots.deleteConfirmTitle', { name: r.name })}
                      description={<div style={{ maxWidth: 280 }}>{t('channels.robots.deleteConfirmBody')}</div>}
                      okText={t('channels.robots.delete')}
                      okButtonProps={{ danger: true, 'data-testid': 'robot-delete-confirm' }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => onDelete(r)}
                    >
                      <Button type="link" size="small" danger data-testid={`robot-delete-${r.id}`}>
                        {t('channels.robots.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                  {results[r.id] ? <TestOutcome robot={r} result={results[r.id]!} /> : null}
                </Space>
              ),
            },
          ]}
        />
      )}

      <Modal
        open={creating}
        title={t('channels.robots.createTitle')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={submitting}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        okButtonProps={{ 'data-testid': 'robot-create-submit' }}
        destroyOnHidden
      >
        <Form<NewRobot> form={form} layout="vertical" onFinish={(v) => void onCreate(v)} initialValues={{ provider: 'wecom', events: [ALL_KINDS], language: 'zh-CN' }} preserve={false} style={{ marginTop: 16 }}>
          <Form.Item name="provider" label={t('channels.robots.provider')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="robot-provider" options={ROBOT_PROVIDERS.map((value) => ({ value, label: t(`channels.channel.${value}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('channels.robots.name')} rules={[{ required: true, whitespace: true, message: t('channels.robots.nameRequired') }, { max: 100 }]}>
            <Input placeholder={t('channels.robots.namePlaceholder')} maxLength={100} data-testid="robot-name" />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('channels.robots.url')}
            rules={[
              { required: true, whitespace: true, message: t('channels.robots.urlRequired') },
              { pattern: URL_PATTERN, message: t('channels.webhooks.urlInvalid') },
              { max: 2000 },
            ]}
          >
            <Input placeholder={provider === 'dingtalk' ? 'https://oapi.dingtalk.com/robot/send?access_token=…' : provider === 'feishu' ? 'https://open.feishu.cn/open-apis/bot/v2/hook/…' : 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'} data-testid="robot-url" />
          </Form.Item>
          {provider && provider !== 'wecom' ? (
            <Form.Item name="secret" label={t('channels.robots.secret')} extra={provider === 'dingtalk' ? t('channels.robots.secretHintDingtalk') : t('channels.robots.secretHintFeishu')} rules={[{ max: 200 }]}>
              <Input.Password autoComplete="off" data-testid="robot-secret" />
            </Form.Item>
          ) : null}
          <Form.Item name="events" label={t('channels.robots.events')} rules={[{ required: true, type: 'array', min: 1, message: t('channels.kinds.required') }]}>
            <KindsPicker testId="robot-events" />
          </Form.Item>
          <Form.Item name="language" label={t('channels.robots.language')}>
            <Radio.Group options={(['zh-CN', 'en'] as const).map((value) => ({ value, label: t(`channels.language.${value}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
