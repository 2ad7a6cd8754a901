import { importBenchmarks } from '../integrations/benchmark.service.ts';
import { orderAtOffer } from '../integrations/background-check.service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { AppDeps } from '../platform/deps.ts';
import { listSubmissions } from '../submissions/service.ts';

/**
 * The demo world's ecosystem services (DESIGN §4.11): a salary benchmark table for the cities, functions and
 * levels of the demo's orders (annual salaries, CNY), imported by platform ops as any file would be; and a
 * background check ordered at offer for 杨帆 by 华信科技's HR. The check is written before the server listens;
 * once it does, the worker's start sends it to the demo provider, which completes it a few seconds later through
 * the signed callback (docs/integrations.md).
 */
export const DEMO_BENCHMARKS_CSV = [
  'city,function,level,currency,p25,p50,p75,p90',
  '上海,software_engineering,senior,CNY,420000,500000,600000,720000',
  '上海,software_engineering,mid,CNY,280000,340000,410000,480000',
  '上海,design,junior,CNY,150000,190000,240000,290000',
  '上海,legal,manager,CNY,380000,460000,560000,680000',
  '杭州,product,mid,CNY,260000,320000,390000,460000',
  '北京,data,senior,CNY,460000,560000,680000,820000',
  '北京,human_resources,senior,CNY,300000,360000,440000,520000',
  '深圳,software_engineering,mid,CNY,270000,330000,400000,470000',
  '广州,sales,director,CNY,520000,680000,850000,1100000',
  '苏州,manufacturing,manager,CNY,200000,250000,310000,370000',
  '苏州,finance,lead,CNY,190000,240000,290000,340000',
  '东莞,quality,mid,CNY,130000,160000,200000,240000',
  '武汉,supply_chain,manager,CNY,250000,310000,370000,440000',
  '成都,manufacturing,junior,CNY,80000,100000,125000,150000',
  '合肥,hardware_engineering,senior,CNY,380000,460000,560000,660000',
].join('\n');

export async function seedDemoIntegrations(deps: AppDeps, actorOf: (email: string) => Actor): Promise<void> {
  await importBenchmarks(deps, actorOf('ops@tenure.demo'), { fileName: 'demo-benchmarks-2026.csv', csv: DEMO_BENCHMARKS_CSV });
  const hr = { deps, actor: actorOf('hr@huaxin.demo') };
  const offered = await listSubmissions(hr, { side: 'received', stages: ['offered'], q: '杨帆', limit: 5 });
  const yangFan = offered.items[0];
  if (yangFan) await orderAtOffer(hr, yangFan.id);
}
