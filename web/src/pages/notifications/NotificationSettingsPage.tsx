import { App, Button, Card, Flex, Form, Radio, Skeleton, Switch, Tabs, Typography, type TabsProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { notifyError } from '../../api/client';
import { getMySettings, getOrgSettings, saveMySettings, saveOrgSettings, type MyNotificationSettings } from '../../api/notifications';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks';
import { isOrgAdmin } from '../../roles';
import { useSession } from '../../session';
import { ALL_KINDS, KindsPicker } from './channel-parts';
import { RobotsCard } from './RobotsCard';
import { WebhookEndpointsCard } from './WebhookEndpointsCard';

const TABS = ['mine', 'org', 'webhooks', 'robots'] as const;
type Tab = (typeof TABS)[number];

/**
 * 通知设置: every signed-in person's own e-mail switch and language; for org admins also which kinds the org sends
 * by e-mail, its webhook endpoints and its group robots (docs/notifications.md).
 */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const { user, org } = useSession();
  const admin = isOrgAdmin(user.role);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = admin && asked && TABS.includes(asked) ? asked : 'mine';

  const tabs: NonNullable<TabsProps['items']> = [{ key: 'mine', label: t('channels.tabs.mine'), children: <MySettingsCard email={user.email} /> }];
  if (admin) {
    tabs.push(
      { key: 'org', label: t('channels.tabs.org'), children: <OrgEmailCard orgId={org.id} /> },
      { key: 'webhooks', label: t('channels.tabs.webhooks'), children: <WebhookEndpointsCard orgId={org.id} /> },
      { key: 'robots', label: t('channels.tabs.robots'), children: <RobotsCard orgId={org.id} /> },
    );
  }
  return (
    <>
      <PageHeader title={t('channels.title')} subtitle={t('channels.subtitle')} />
      {tabs.length > 1 ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'mine' ? {} : { tab: key }, { replace: true })}
          items={tabs.map((item) => ({ ...item, label: <span data-testid={`channels-tab-${String(item.key)}`}>{item.label}</span> }))}
          destroyOnHidden
        />
      ) : (
        tabs[0]?.children
      )}
    </>
  );
}

function MySettingsCard({ email }: { email: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MyNotificationSettings>();
  const settings = useLoad((signal) => getMySettings(signal), []);
  const [saving, setSaving] = useState(false);

  async function onSave(values: MyNotificationSettings) {
    setSaving(true);
    try {
      const saved = await saveMySettings(values);
      settings.setData(() => saved);
      void message.success(t('channels.mine.saved'));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('channels.mine.title')} data-testid="my-notification-settings">
      {!settings.data ? (
        settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : <Skeleton active />
      ) : (
        <Form<MyNotificationSettings> form={form} layout="vertical" initialValues={settings.data} onFinish={(v) => void onSave(v)} style={{ maxWidth: 560 }}>
          <Form.Item name="emailEnabled" label={t('channels.mine.email')} valuePropName="checked" extra={t('channels.mine.emailHint', { email })}>
            <Switch data-testid="my-email-enabled" />
          </Form.Item>
          <Form.Item name="language" label={t('channels.mine.language')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="my-email-language" options={(['zh-CN', 'en'] as const).map((value) => ({ value, label: t(`channels.language.${value}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="my-settings-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

type EmailMode = 'all' | 'none' | 'some';

function OrgEmailCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useLoad((signal) => getOrgSettings(orgId, signal), [orgId]);
  const [mode, setMode] = useState<EmailMode>('all');
  const [kinds, setKinds] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const events = settings.data?.emailEvents;
    if (!events) return;
    setMode(events.includes(ALL_KINDS) ? 'all' : events.length === 0 ? 'none' : 'some');
    setKinds(events.includes(ALL_KINDS) ? [] : events);
  }, [settings.data]);

  async function onSave() {
    setSaving(true);
    try {
      const emailEvents = mode === 'all' ? [ALL_KINDS] : mode === 'none' ? [] : kinds;
      const saved = await saveOrgSettings(orgId, { emailEvents });
      settings.setData(() => saved);
      void message.success(t('channels.org.saved'));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('channels.org.title')} data-testid="org-notification-settings">
      {!settings.data ? (
        settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : <Skeleton active />
      ) : (
        <Flex vertical gap={16} style={{ maxWidth: 720 }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('channels.org.help')}
          </Typography.Paragraph>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value as EmailMode)}
            data-testid="org-email-mode"
            options={(['all', 'some', 'none'] as const).map((value) => ({ value, label: t(`channels.org.mode.${value}`) }))}
          />
          {mode === 'some' ? <KindsPicker value={kinds} onChange={setKinds} allowAll={false} testId="org-email-kinds" /> : null}
          <div>
            <Button type="primary" onClick={() => void onSave()} loading={saving} disabled={mode === 'some' && kinds.length === 0} data-testid="org-settings-save">
              {t('common.save')}
            </Button>
          </div>
        </Flex>
      )}
    </Card>
  );
}
