import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';

export function registerBenchmarkCommands(program: Command, config: () => Promise<Config>): void {
  const benchmarks = program.command('benchmarks').description('Salary benchmarks (docs/integrations.md)');
  benchmarks
    .command('import')
    .argument('<file>', 'a CSV file: city, function, level, currency, p25, p50, p75, p90 (or p25_minor … p90_minor)')
    .description('Import a salary benchmark table; any bad row is listed with its line and column, nothing is imported and the exit code is 1')
    .action(async (file: string) => {
      const { importBenchmarksCommand } = await import('./benchmark-actions.ts');
      if (!(await importBenchmarksCommand(await config(), file))) process.exitCode = 1;
    });
}
