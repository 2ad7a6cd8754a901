import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { registerAuditCommands } from './audit-commands.ts';
import { registerBenchmarkCommands } from './benchmark-commands.ts';
import { registerLedgerCommands } from './ledger-commands.ts';
import { registerModelCommands } from './model-commands.ts';
import { registerOperationsCommands } from './operations-commands.ts';
import { registerPlatformCommands } from './platform-commands.ts';
import { registerRatingsCommands } from './ratings-commands.ts';
import { registerSimulateCommands } from './simulate-commands.ts';
import { registerTermsCommands } from './terms-commands.ts';

const program = new Command()
  .name('tenure')
  .description('Tenure (稳聘): headhunter delivery-capacity marketplace — after-sales service as the product')
  .showHelpAfterError()
  .exitOverride();

// Configuration is read (and checked) only by a command that needs it, not for `--help`.
const config = async () => (await import('../platform/config.ts')).loadConfig();
registerPlatformCommands(program, config);
registerAuditCommands(program, config);
registerLedgerCommands(program, config);
registerBenchmarkCommands(program, config);
registerOperationsCommands(program, config);
registerRatingsCommands(program, config);
registerTermsCommands(program);
registerModelCommands(program);
registerSimulateCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  console.error(`tenure: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

export { InvalidArgumentError };
