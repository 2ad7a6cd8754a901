import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  ContainerOutlined,
  FieldTimeOutlined,
  FileProtectOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Avatar, Button, Divider, Flex, Grid, Layout, Menu, Tag, Tooltip, Typography, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { getHealth, notifyError } from '../api/client';
import { useClock } from '../clock';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OrgKindTag, RoleTag } from '../components/tags';
import { formatCalendarDateLong } from '../format';
import { useLoad, useLocale } from '../hooks';
import { navigationFor, navKeyForPath, type NavKey } from '../navigation';
import { useSession, useSessionContext } from '../session';
import { Brand } from './Brand';
import { AccountBookOutlined, BellOutlined, CloudUploadOutlined, BarChartOutlined, ExperimentOutlined, HeartOutlined, IdcardOutlined, LineChartOutlined, SendOutlined, AlertOutlined, TrophyOutlined } from '@ant-design/icons';
import { NotificationBell } from '../pages/notifications/NotificationBell';

const NAV_ICONS: Record<NavKey, ReactNode> = {
  home: <HomeOutlined />,
  orgs: <ApartmentOutlined />,
  users: <TeamOutlined />,
  time: <FieldTimeOutlined />,
  audit: <AuditOutlined />,
  account: <UserOutlined />,
  plans: <FileProtectOutlined />,
  placements: <SolutionOutlined />,
  aftercare: <HeartOutlined />,
  orders: <ProfileOutlined />,
  marketplace: <ShopOutlined />,
  engagements: <ScheduleOutlined />,
  agencyEngagements: <ContainerOutlined />,
  allOrders: <AppstoreOutlined />,
  submissions: <SendOutlined />,
  candidates: <IdcardOutlined />,
  money: <AccountBookOutlined />,
  fairness: <BarChartOutlined />,
  disputes: <AlertOutlined />,
  analytics: <LineChartOutlined />,
  ratings: <TrophyOutlined />,
  assessments: <ExperimentOutlined />,
  benchmarks: <LineChartOutlined />,
  notifications: <BellOutlined />,
  outbox: <CloudUploadOutlined />,
};

export function AppLayout() {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const { logout } = useSessionContext();
  const { clock } = useClock();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);
  const health = useLoad(() => getHealth(), []);

  const { user, org } = session;
  const items = navigationFor(user.role, { clockMode: clock?.mode });
  const selected = navKeyForPath(location.pathname);
  const narrow = !screens.md;

  async function onLogout() {
    setLoggingOut(true);
    try {
      await logout();
      void message.success(t('header.loggedOut'));
      void navigate('/login', { replace: true });
    } catch (error) {
      notifyError(error);
    } finally {
      setLoggingOut(false);
    }
  }

  const platformDate = clock ? (
    <Tooltip title={`${t('header.platformDate')} · ${formatCalendarDateLong(clock.today, locale)}`}>
      <Tag
        icon={<CalendarOutlined />}
        color={clock.mode === 'manual' ? 'orange' : 'default'}
        data-testid="header-date"
        style={{ marginInlineEnd: 0, cursor: clock.mode === 'manual' && items.some((i) => i.key === 'time') ? 'pointer' : 'default' }}
        onClick={() => {
          if (clock.mode === 'manual' && items.some((i) => i.key === 'time')) void navigate('/time');
        }}
      >
        {clock.mode === 'manual' && !narrow ? `${t('header.manualClock')} ` : ''}
        {clock.today}
      </Tag>
    </Tooltip>
  ) : null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        theme="light"
        width={224}
        collapsedWidth={narrow ? 0 : 64}
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        trigger={null}
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        data-testid="sider"
      >
        <Brand collapsed={collapsed} />
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          style={{ borderInlineEnd: 'none' }}
          data-testid="nav"
          items={items.map((item) => ({
            key: item.key,
            icon: NAV_ICONS[item.key],
            label: (
              <Link to={item.path} data-testid={`nav-${item.key}`}>
                {t(item.labelKey)}
              </Link>
            ),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: 16,
            height: 56,
            lineHeight: '56px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={12} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <Button
                type="text"
                aria-label={collapsed ? t('header.expand') : t('header.collapse')}
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
              />
              <Typography.Text strong ellipsis style={{ maxWidth: narrow ? 140 : 320 }} data-testid="header-org">
                {org.name}
              </Typography.Text>
              {!narrow ? <OrgKindTag kind={org.kind} /> : null}
            </Flex>
            <Flex align="center" gap={narrow ? 4 : 12}>
              {platformDate}
              <NotificationBell />
              <LanguageSwitch />
              <Divider orientation="vertical" style={{ marginInline: 0 }} />
              <Link to="/account" data-testid="header-user" style={{ color: 'inherit' }}>
                <Flex align="center" gap={8}>
                  <Avatar size="small" style={{ background: token.colorPrimary }}>
                    {user.name.slice(0, 1).toUpperCase()}
                  </Avatar>
                  {!narrow ? <Typography.Text data-testid="header-user-name">{user.name}</Typography.Text> : null}
                  {!narrow ? <RoleTag role={user.role} /> : null}
                </Flex>
              </Link>
              <Tooltip title={narrow ? t('header.logout') : undefined}>
                <Button type="text" icon={<LogoutOutlined />} loading={loggingOut} onClick={() => void onLogout()} data-testid="logout">
                  {narrow ? null : t('header.logout')}
                </Button>
              </Tooltip>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24, width: '100%', maxWidth: 1280, marginInline: 'auto' }}>
          <Outlet />
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: token.colorTextTertiary, fontSize: 12, paddingBlock: 16 }}>
          {t('app.footer', { version: health.data?.version ?? '' })}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
