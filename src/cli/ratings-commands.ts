import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';

/** `npx tenure ratings recompute` (docs/ratings.md). */
export function registerRatingsCommands(program: Command, config: () => Promise<Config>): void {
  const ratings = program.command('ratings').description('Outcome ratings of consultants and agencies');
  ratings
    .command('recompute')
    .description("Set every consultant's and agency's rating sums (and the platform's) again from their outcomes, one transaction and audit event per corrected subject; a second run changes nothing")
    .action(async () => {
      const { recomputeRatingsCommand } = await import('./ratings-actions.ts');
      await recomputeRatingsCommand(await config());
    });
}
