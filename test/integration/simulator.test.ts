import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { runSimulation, type SimulationSummary } from '../../src/simulator/service.ts';
import { openTenure } from '../../src/tenure.ts';
import { createTestDatabase, DATABASE_KINDS } from '../support/databases.ts';

/**
 * The market simulator through the real services: one seed gives one history (the same summary on every run and on
 * both databases), another seed another one. Small: 3 employers, 2 agencies, 3 months.
 */
const OPTIONS = { employers: 3, agencies: 2, months: 3, ordersPerEmployerMonth: 4 };

async function simulate(database: 'sqlite' | 'postgres', seed: number): Promise<SimulationSummary> {
  const db = await createTestDatabase(database);
  const config = loadConfig({ TENURE_DATA_DIR: db.dataDir, TENURE_CLOCK: 'manual', TENURE_CLOCK_START: '2026-01-05', TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' }, { databaseUrl: db.databaseUrl });
  const tenure = await openTenure(config);
  try {
    return (await runSimulation(tenure.deps, { ...OPTIONS, seed })).summary;
  } finally {
    await tenure.close();
    await db.drop();
  }
}

describe('market simulator', () => {
  it('gives the same summary for one seed, on every database, and another for another seed', async () => {
    const first = await simulate('sqlite', 11);
    // A market happened: orders taken, hires in service, check-ins answered, money moved.
    expect(first.placements).toBeGreaterThan(5);
    expect(first.checkinsAnswered).toBeGreaterThan(0);
    expect(first.paymentsRecorded).toBeGreaterThan(0);
    expect(first.obligationsRun).toBeGreaterThan(first.placements);
    expect(first.claims).toBeLessThanOrEqual(first.departures);
    expect(Object.values(first.claimsByState).reduce((a, b) => a + b, 0)).toBe(first.claims);
    for (const database of DATABASE_KINDS) expect(await simulate(database, 11), database).toEqual(first);
    expect(await simulate('sqlite', 12)).not.toEqual(first);
  }, 600_000);
});
