import { AuditOutlined, BellOutlined, CheckOutlined, FileDoneOutlined, ReloadOutlined, SolutionOutlined, TeamOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Avatar, Badge, Button, Drawer, Empty, Flex, List, Segmented, Skeleton, Tag, Tooltip, Typography, theme } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { notifyError } from '../../api/client';
import { formatInstant } from '../../format';
import { useLocale } from '../../hooks';
import { useSession } from '../../session';
import { notificationPath, notificationText } from './notification-text';
import { getInbox, markAllRead, markRead, type InboxItem } from '../../api/notifications';

const POLL_MS = 30_000;
const PAGE = 20;

const ICONS: Record<string, ReactNode> = {
  submission: <SolutionOutlined />,
  placement: <FileDoneOutlined />,
  order: <AuditOutlined />,
  job_order: <AuditOutlined />,
  engagement: <UserSwitchOutlined />,
  plan: <TeamOutlined />,
};

/**
 * The header's bell: the unread count (polled, and refreshed when the window regains focus) and a drawer
 * with the inbox. Opening an item marks it read and goes to its subject.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { user } = useSession();
  const { token } = theme.useToken();
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (opts: { append?: string | null; unreadOnly: boolean }) => {
      setLoading(true);
      try {
        const page = await getInbox({ limit: PAGE, unreadOnly: opts.unreadOnly ? 'true' : 'false', cursor: opts.append ?? undefined });
        setUnread(page.unreadCount);
        setItems((current) => (opts.append ? [...(current ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (error) {
        notifyError(error);
      } finally {
        setLoading(false);
      }
    },
    [],
  );

  // The count only: cheap enough to poll.
  const refreshCount = useCallback(async () => {
    try {
      const page = await getInbox({ limit: 1 });
      setUnread(page.unreadCount);
    } catch {
      // A missed poll is not worth a message; the next one will tell.
    }
  }, []);

  useEffect(() => {
    void refreshCount();
    const timer = window.setInterval(() => void refreshCount(), POLL_MS);
    const onFocus = () => void refreshCount();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refreshCount, user.id]);

  useEffect(() => {
    if (open) void load({ unreadOnly: filter === 'unread' });
  }, [open, filter, load]);

  async function openItem(n: InboxItem) {
    if (!n.readAt) {
      try {
        const res = await markRead(n.id);
        setUnread(res.unreadCount);
        setItems((current) => current?.map((i) => (i.id === n.id ? { ...i, readAt: new Date().toISOString() } : i)) ?? null);
      } catch (error) {
        notifyError(error);
      }
    }
    const path = notificationPath(n, user.role);
    if (path) {
      setOpen(false);
      void navigate(path);
    }
  }

  async function readAll() {
    try {
      const res = await markAllRead();
      setUnread(res.unreadCount);
      const now = new Date().toISOString();
      setItems((current) => (filter === 'unread' ? [] : (current?.map((i) => ({ ...i, readAt: i.readAt ?? now })) ?? null)));
    } catch (error) {
      notifyError(error);
    }
  }

  return (
    <>
      <Tooltip title={t('notifications.bell')}>
        <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
          <Button type="text" icon={<BellOutlined />} onClick={() => setOpen(true)} aria-label={t('notifications.bell')} data-testid="notification-bell" data-unread={unread} />
        </Badge>
      </Tooltip>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={420}
        title={t('notifications.title')}
        data-testid="notification-drawer"
        extra={
          <Flex gap={4}>
            <Tooltip title={t('common.refresh')}>
              <Button type="text" icon={<ReloadOutlined />} onClick={() => void load({ unreadOnly: filter === 'unread' })} aria-label={t('common.refresh')} />
            </Tooltip>
            <Button type="link" icon={<CheckOutlined />} disabled={unread === 0} onClick={() => void readAll()} data-testid="notifications-read-all">
              {t('notifications.markAllRead')}
            </Button>
          </Flex>
        }
      >
        <Segmented
          block
          value={filter}
          onChange={(v) => setFilter(v as 'all' | 'unread')}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: `${t('notifications.unreadOnly')}${unread ? ` (${unread})` : ''}` },
          ]}
          style={{ marginBottom: 12 }}
        />
        {items === null ? (
          <Skeleton active />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')} />
        ) : (
          <List<InboxItem>
            dataSource={items}
            loading={loading}
            data-testid="notification-list"
            renderItem={(n) => (
              <List.Item
                key={n.id}
                onClick={() => void openItem(n)}
                data-testid="notification-item"
                data-kind={n.kind}
                data-read={n.readAt ? 'true' : 'false'}
                style={{ cursor: 'pointer', paddingInline: 8, borderRadius: 8, background: n.readAt ? undefined : token.colorPrimaryBg }}
              >
                <List.Item.Meta
                  avatar={
                    <Badge dot={!n.readAt} offset={[-2, 2]}>
                      <Avatar style={{ background: n.readAt ? token.colorFillSecondary : token.colorPrimary, color: n.readAt ? token.colorTextSecondary : '#fff' }} icon={ICONS[n.subjectType] ?? <BellOutlined />} />
                    </Badge>
                  }
                  title={<Typography.Text strong={!n.readAt}>{notificationText(n)}</Typography.Text>}
                  description={
                    <Flex gap={8} align="center">
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatInstant(n.createdAt, locale)}
                      </Typography.Text>
                      {n.personal ? null : (
                        <Tag variant="outlined" style={{ fontSize: 11, lineHeight: '16px', marginInlineEnd: 0 }}>
                          {t('notifications.toOrg')}
                        </Tag>
                      )}
                    </Flex>
                  }
                />
              </List.Item>
            )}
          />
        )}
        {cursor ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button loading={loading} onClick={() => void load({ append: cursor, unreadOnly: filter === 'unread' })}>
              {t('notifications.loadMore')}
            </Button>
          </Flex>
        ) : null}
      </Drawer>
    </>
  );
}
