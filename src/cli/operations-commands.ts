import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';

export function registerOperationsCommands(program: Command, config: () => Promise<Config>): void {
  program
    .command('backup')
    .description("Copy the SQLite database to FILE while the server runs (SQLite's online backup); PostgreSQL: use pg_dump")
    .argument('<file>', 'where to write the copy')
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { backup } = await import('./operations-actions.ts');
      process.exitCode = await backup(await config(), file, opts.force === true);
    });

  program
    .command('restore')
    .description('Replace the SQLite database with the backup FILE, then verify the audit log (refused while a server runs on it)')
    .argument('<file>', 'a file written by `tenure backup`')
    .option('--force', 'restore even though a server seems to be running on this database')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { restore } = await import('./operations-actions.ts');
      process.exitCode = await restore(await config(), file, opts.force === true);
    });
}
