import type { Command } from 'commander';
import { DomainError } from '../platform/errors.ts';

/**
 * `npx tenure claims evaluate` and `npx tenure installments schedule` (DESIGN §4.3): JSON on stdin, JSON on stdout.
 * One object in → one result out; an array in → an array of results in the same order, every item answered on
 * its own (an invalid item gets its `{ "error": … }`, the others their results). Input that is not JSON: a
 * message on stderr and exit code 2.
 */

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function answer(handler: (item: unknown) => unknown, item: unknown): unknown {
  try {
    return handler(item);
  } catch (error) {
    if (error instanceof DomainError) return { error: { code: error.code, message: error.message } };
    return { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

export function runJsonCommand(stdinText: string, handler: (item: unknown) => unknown): CommandOutput {
  const text = stdinText.charCodeAt(0) === 0xfeff ? stdinText.slice(1) : stdinText;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = text.trim() === '' ? 'the input is empty' : (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    return { stdout: '', stderr: `tenure: the input is not JSON (${reason}); expected one object or an array of objects\n`, exitCode: 2 };
  }
  const result = Array.isArray(input) ? input.map((item) => answer(handler, item)) : answer(handler, input);
  return { stdout: `${JSON.stringify(result)}\n`, stderr: '', exitCode: 0 };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function runOnStdin(handler: (item: unknown) => unknown): Promise<void> {
  const out = runJsonCommand(await readStdin(), handler);
  if (out.stdout !== '') process.stdout.write(out.stdout);
  if (out.stderr !== '') process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}

function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerTermsCommands(program: Command): void {
  group(program, 'claims', 'After-sales claims, decided by rule from the signed terms')
    .command('evaluate')
    .description(
      'Evaluate claims (DESIGN §4.3): reads { terms, placement, claim } or an array of them as JSON on stdin, ' +
        'writes each decision (status, codes, daysServed, allowedRemedies, remedyRejected, refund, replacement) as JSON on stdout',
    )
    .action(async () => runOnStdin((await import('../aftercare/claim-evaluation.rules.ts')).evaluateClaim));

  group(program, 'installments', 'Commission installments of a placement')
    .command('schedule')
    .description(
      'Schedule installments (DESIGN §4.2): reads { terms, startDate, fee } or an array of them as JSON on stdin, ' +
        'writes [{ trigger, triggerDate, dueDate, amount }] per item as JSON on stdout',
    )
    .action(async () => runOnStdin((await import('../plans/installment-schedule.rules.ts')).scheduleInstallments));
}
