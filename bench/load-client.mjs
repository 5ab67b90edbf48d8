// The load generator of bench/load.mjs, run as its own process so its CPU is not the server's event loop.
// Input (argv[2], JSON): { url, pathsFile, mode, rate, seconds, connections }; output: one JSON line on stdout.
//
// mode "paced" — open loop at a constant rate (wrk2's model): request k is due at start + k / rate and is sent
//   then whatever earlier requests are doing (sockets are added as needed, up to `connections`); its latency is
//   measured from when it was due, not from when it was sent, so a stalled server is charged for every request
//   that should have gone out meanwhile (no coordinated omission).
// mode "autocannon-rate" — autocannon with overallRate: each connection sends its share of a second's requests
//   back to back at the start of the second, then waits for the next second (bursts), timing each request
//   from its send.
// mode "autocannon-max" — autocannon closed loop: `connections` connections, each sending its next request as
//   soon as the previous one is answered (the throughput ceiling).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';

const config = JSON.parse(process.argv[2]);
const { url, mode, rate, seconds, connections } = config;
const paths = JSON.parse(readFileSync(config.pathsFile, 'utf8'));
const pct = (sorted, p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);

async function paced() {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const latencies = new Float64Array(total);
  // Also kept: how late each request left this process (its own scheduling, not the server's), and the time
  // from its actual send to its answer (what autocannon reports).
  const sendLags = new Float64Array(total);
  const serviceTimes = new Float64Array(total);
  let numLatencies = 0;
  let errors = 0;
  let non2xx = 0;
  let done = 0;
  let lastDoneAt = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    const finish = () => {
      lastDoneAt = performance.now();
      if (++done === total) resolve();
    };
    const send = (k, dueAt) => {
      const sentAt = performance.now();
      const request = http.get({ agent, hostname, port, path: paths[k % paths.length], timeout: 10_000 }, (response) => {
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
        response.resume();
        response.on('end', () => {
          const now = performance.now();
          sendLags[numLatencies] = sentAt - dueAt;
          serviceTimes[numLatencies] = now - sentAt;
          latencies[numLatencies++] = now - dueAt;
          finish();
        });
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => {
        errors++;
        finish();
      });
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && started + next * intervalMs <= now) {
        send(next, started + next * intervalMs);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
    };
    tick();
  });
  agent.destroy();
  const sorted = latencies.subarray(0, numLatencies).sort();
  const lags = sendLags.subarray(0, numLatencies).sort();
  const services = serviceTimes.subarray(0, numLatencies).sort();
  return {
    sendLagP99: pct(lags, 0.99),
    serviceP99: pct(services, 0.99),
    mode,
    rate,
    seconds,
    requests: total,
    achievedRate: done / ((lastDoneAt - started) / 1000),
    p50: pct(sorted, 0.5),
    p90: pct(sorted, 0.9),
    p99: pct(sorted, 0.99),
    p999: pct(sorted, 0.999),
    max: sorted[sorted.length - 1],
    errors,
    non2xx,
  };
}

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

const result = mode === 'paced' ? await paced() : await withAutocannon();
process.stdout.write(`${JSON.stringify(result)}\n`);
