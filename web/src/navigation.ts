import type { Role } from './api/identity';

/**
 * Which pages each role reaches from the side menu. Every item leads to a page that exists;
 * pages for later areas (marketplace, job orders, placements, …) join here when they are built.
 */
export type NavKey = 'home' | 'orgs' | 'users' | 'time' | 'audit' | 'account' | 'plans' | 'placements' | 'orders' | 'marketplace' | 'engagements' | 'agencyEngagements' | 'allOrders' | 'submissions' | 'candidates' | 'aftercare' | 'money' | 'fairness' | 'disputes' | 'ratings' | 'analytics' | 'assessments' | 'benchmarks' | 'notifications' | 'outbox';

export interface NavItem {
  key: NavKey;
  /** i18n key of the menu label. */
  labelKey: `nav.${NavKey}`;
  path: string;
}

export const NAV_ITEMS: Record<NavKey, NavItem> = {
  home: { key: 'home', labelKey: 'nav.home', path: '/' },
  orgs: { key: 'orgs', labelKey: 'nav.orgs', path: '/orgs' },
  users: { key: 'users', labelKey: 'nav.users', path: '/users' },
  time: { key: 'time', labelKey: 'nav.time', path: '/time' },
  audit: { key: 'audit', labelKey: 'nav.audit', path: '/audit' },
  account: { key: 'account', labelKey: 'nav.account', path: '/account' },
  plans: { key: 'plans', labelKey: 'nav.plans', path: '/plans' },
  placements: { key: 'placements', labelKey: 'nav.placements', path: '/placements' },
  orders: { key: 'orders', labelKey: 'nav.orders', path: '/orders' },
  marketplace: { key: 'marketplace', labelKey: 'nav.marketplace', path: '/marketplace' },
  engagements: { key: 'engagements', labelKey: 'nav.engagements', path: '/engagements' },
  agencyEngagements: { key: 'agencyEngagements', labelKey: 'nav.agencyEngagements', path: '/agency-engagements' },
  allOrders: { key: 'allOrders', labelKey: 'nav.allOrders', path: '/all-orders' },
  submissions: { key: 'submissions', labelKey: 'nav.submissions', path: '/submissions' },
  candidates: { key: 'candidates', labelKey: 'nav.candidates', path: '/candidates' },
  aftercare: { key: 'aftercare', labelKey: 'nav.aftercare', path: '/aftercare' },
  money: { key: 'money', labelKey: 'nav.money', path: '/money' },
  fairness: { key: 'fairness', labelKey: 'nav.fairness', path: '/fairness' },
  disputes: { key: 'disputes', labelKey: 'nav.disputes', path: '/disputes' },
  analytics: { key: 'analytics', labelKey: 'nav.analytics', path: '/analytics' },
  ratings: { key: 'ratings', labelKey: 'nav.ratings', path: '/ratings' },
  assessments: { key: 'assessments', labelKey: 'nav.assessments', path: '/assessments' },
  benchmarks: { key: 'benchmarks', labelKey: 'nav.benchmarks', path: '/benchmarks' },
  notifications: { key: 'notifications', labelKey: 'nav.notifications', path: '/notifications' },
  outbox: { key: 'outbox', labelKey: 'nav.outbox', path: '/outbox' },
};

/** Menu keys per role, in menu order. `time` is shown only while the platform clock is manual. */
export const NAV_BY_ROLE: Record<Role, readonly NavKey[]> = {
  platform_ops: ['home', 'orgs', 'users', 'allOrders', 'placements', 'aftercare', 'disputes', 'money', 'analytics', 'ratings', 'plans', 'benchmarks', 'fairness', 'outbox', 'time', 'audit', 'notifications', 'account'],
  arbitrator: ['home', 'disputes', 'plans', 'audit', 'notifications', 'account'],
  employer_admin: ['home', 'orders', 'candidates', 'placements', 'aftercare', 'disputes', 'money', 'analytics', 'users', 'plans', 'audit', 'notifications', 'account'],
  employer_hr: ['home', 'orders', 'candidates', 'placements', 'aftercare', 'disputes', 'money', 'analytics', 'plans', 'audit', 'notifications', 'account'],
  agency_admin: ['home', 'orders', 'marketplace', 'agencyEngagements', 'submissions', 'placements', 'aftercare', 'disputes', 'money', 'analytics', 'ratings', 'users', 'plans', 'audit', 'notifications', 'account'],
  consultant: ['home', 'marketplace', 'engagements', 'submissions', 'placements', 'aftercare', 'disputes', 'money', 'analytics', 'ratings', 'plans', 'audit', 'notifications', 'account'],
  assessor_admin: ['home', 'assessments', 'users', 'audit', 'notifications', 'account'],
  assessor: ['home', 'assessments', 'audit', 'notifications', 'account'],
};

export interface NavContext {
  /** The platform clock mode; `undefined` while it is being read. */
  clockMode?: 'manual' | 'system';
}

export function navigationFor(role: Role, context: NavContext = {}): NavItem[] {
  return NAV_BY_ROLE[role]
    .filter((key) => key !== 'time' || context.clockMode === 'manual')
    .map((key) => NAV_ITEMS[key]);
}

/** Whether a role may open a page (used to guard routes typed in by hand). */
export function canVisit(role: Role, key: NavKey, context: NavContext = {}): boolean {
  return navigationFor(role, context).some((item) => item.key === key);
}

/** The menu item a location belongs to (`/orgs/abc` belongs to `orgs`). */
export function navKeyForPath(pathname: string): NavKey | undefined {
  if (pathname === '/' || pathname === '') return 'home';
  const first = pathname.split('/')[1];
  return (Object.values(NAV_ITEMS).find((item) => item.path === `/${first}`) ?? undefined)?.key;
}
