// The load generator of bench/load.mjs, run as its own process so its CPU is not the server's event loop.
// Input (argv[2], JSON): { url, pathsFile, mode, rate, seconds, connections }; output: one JSON line on stdout.
//
// mode "paced" — open loop at a constant rate (wrk2's model, bench/open-loop.mjs): latency from each request's
//   due time, so a stalled server is charged for every request that should have gone out meanwhile.
// mode "autocannon-rate" — autocannon with overallRate: each connection sends its share of a second's requests
//   back to back at the start of the second, then waits for the next second (bursts), timing each request
//   from its send.
// mode "autocannon-max" — autocannon closed loop: `connections` connections, each sending its next request as
//   soon as the previous one is answered (the throughput ceiling).
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { pacedLoad } from './open-loop.mjs';

const config = JSON.parse(process.argv[2]);
const { url, mode, rate, seconds, connections } = config;
const paths = JSON.parse(readFileSync(config.pathsFile, 'utf8'));

async function withAutocannon() {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(mode === 'autocannon-rate' ? { overallRate: rate } : {}),
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length] }) }],
  });
  return {
    mode,
    rate: mode === 'autocannon-rate' ? rate : null,
    seconds,
    requests: result.requests.total,
    achievedRate: result.requests.total / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const result =
  mode === 'paced' ? { mode, ...(await pacedLoad({ url, paths, rate, seconds, connections })) } : await withAutocannon();
process.stdout.write(`${JSON.stringify(result)}\n`);
