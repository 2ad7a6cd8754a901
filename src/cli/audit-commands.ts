import type { Command } from 'commander';
import type { Config } from '../platform/config.ts';

export function registerAuditCommands(program: Command, config: () => Promise<Config>): void {
  const audit = program.command('audit').description('The verifiable audit log');
  audit
    .command('verify')
    .description('Recompute the whole log and its signed checkpoints; exit 1 naming the first altered event')
    .action(async () => {
      const { verifyAudit } = await import('./audit-actions.ts');
      if (!(await verifyAudit(await config()))) process.exitCode = 1;
    });
  audit
    .command('verify-bundle')
    .description("Verify a placement's record bundle offline (no database, no network); exit 1 naming the first event whose proof or signature fails")
    .argument('<file>', 'the bundle, as GET /api/v1/placements/{id}/record returned it')
    .option('--public-key <pem-file>', 'the key you trust (from GET /api/v1/audit/public-key or `tenure audit public-key`): the bundle must be signed with it')
    .action(async (file: string, opts: { publicKey?: string }) => {
      const { verifyBundleFile } = await import('./audit-bundle-actions.ts');
      if (!verifyBundleFile(file, opts.publicKey)) process.exitCode = 1;
    });
  audit
    .command('public-key')
    .description('Print the Ed25519 public key (PEM) that signs checkpoints and record bundles; its fingerprint goes to stderr')
    .action(async () => {
      const { printPublicKey } = await import('./audit-bundle-actions.ts');
      printPublicKey(await config());
    });
}
