// The parts of autocannon's API bench/load.bench.ts uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    type Histogram = { average: number; p50: number; p99: number; total: number };
    type Result = { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number };
    type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
    type Options = { url: string; connections?: number; duration?: number; requests?: Request[] };
  }
  function autocannon(opts: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
