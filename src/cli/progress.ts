import cliProgress from 'cli-progress';

/** A progress bar on a terminal; plain lines when output is piped (CI, logs). */
export function progressReporter(label: string): { update: (step: string, done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    return { update: (step, done, total) => console.error(`${label}: ${done}/${total} ${step}`), stop: () => {} };
  }
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} {step}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (step, done, total) => {
      if (!started) {
        bar.start(total, 0, { step });
        started = true;
      }
      bar.update(done, { step });
    },
    stop: () => started && bar.stop(),
  };
}
