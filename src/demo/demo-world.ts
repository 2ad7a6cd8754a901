import type { Role } from '../platform/auth/actor.ts';
import type { OrgKind } from '../platform/db/schema.ts';

/** The demo world's people. Every demo account has the same password, printed at start. */
export const DEMO_PASSWORD = 'tenure-demo';

export type DemoOrg = { key: string; name: string; kind: OrgKind; users: { email: string; name: string; role: Role }[] };

export const DEMO_OPS = { email: 'ops@tenure.demo', name: '平台运营 Ops', password: DEMO_PASSWORD };

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'platform', name: '稳聘平台 Tenure Platform', kind: 'platform', users: [{ email: 'arbitrator@tenure.demo', name: '仲裁员 林律师', role: 'arbitrator' }] },
  {
    key: 'huaxin',
    name: '华信科技 Huaxin Tech',
    kind: 'employer',
    users: [
      { email: 'admin@huaxin.demo', name: '王敏 (HR 总监)', role: 'employer_admin' },
      { email: 'hr@huaxin.demo', name: '李娜 (招聘经理)', role: 'employer_hr' },
    ],
  },
  {
    key: 'bluepeak',
    name: '蓝峰制造 Bluepeak Manufacturing',
    kind: 'employer',
    users: [
      { email: 'admin@bluepeak.demo', name: '赵刚 (人力资源部长)', role: 'employer_admin' },
      { email: 'hr@bluepeak.demo', name: '孙丽 (招聘专员)', role: 'employer_hr' },
    ],
  },
  {
    key: 'talentbridge',
    name: '英桥猎头 TalentBridge',
    kind: 'agency',
    users: [
      { email: 'admin@talentbridge.demo', name: '陈强 (合伙人)', role: 'agency_admin' },
      { email: 'c1@talentbridge.demo', name: '周杰 (顾问)', role: 'consultant' },
      { email: 'c2@talentbridge.demo', name: '吴芳 (顾问)', role: 'consultant' },
      { email: 'c3@talentbridge.demo', name: '郑浩 (顾问)', role: 'consultant' },
    ],
  },
  {
    key: 'apexsearch',
    name: '锐寻顾问 Apex Search',
    kind: 'agency',
    users: [
      { email: 'admin@apexsearch.demo', name: '刘洋 (创始人)', role: 'agency_admin' },
      { email: 'c1@apexsearch.demo', name: '黄蕾 (顾问)', role: 'consultant' },
      { email: 'c2@apexsearch.demo', name: '何军 (顾问)', role: 'consultant' },
      { email: 'c3@apexsearch.demo', name: '马婷 (顾问)', role: 'consultant' },
    ],
  },
  {
    key: 'skillcheck',
    name: '技评认证 SkillCheck Assessors',
    kind: 'assessor',
    users: [
      { email: 'assessor@skillcheck.demo', name: '钱工 (评估师)', role: 'assessor_admin' },
      { email: 'qa@skillcheck.demo', name: '冯工 (评估师)', role: 'assessor' },
    ],
  },
  {
    key: 'gaugeworks',
    name: '精测评估 GaugeWorks Assessors',
    kind: 'assessor',
    users: [{ email: 'assessor@gaugeworks.demo', name: '严工 (评估师)', role: 'assessor_admin' }],
  },
];

export function demoLogins(): { email: string; role: Role }[] {
  return [{ email: DEMO_OPS.email, role: 'platform_ops' }, ...DEMO_ORGS.flatMap((o) => o.users.map((u) => ({ email: u.email, role: u.role })))];
}
