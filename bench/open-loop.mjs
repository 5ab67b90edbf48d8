// An open-loop HTTP client at a constant rate, as wrk2 does (used by bench/load-client.mjs and bench/nearby.mjs):
// request k is due at start + k / rate and is sent then, whatever earlier requests are doing (sockets are added
// as needed, up to `connections`); its latency is measured from when it was due, not from when it was sent, so
// a stalled server is charged for every request that should have gone out meanwhile (no coordinated omission).
import http from 'node:http';

/** The `p` quantile (0–1) of ascending values; NaN when empty. */
export const pct = (sorted, p) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * Sends `rate × seconds` GETs of `paths` (cycled) to `url` at a constant rate; resolves with latency
 * percentiles (ms, from each request's due time), the client's own send lag, the time from send to answer,
 * errors and non-2xx answers, and the achieved rate.
 */
export async function pacedLoad({ url, paths, rate, seconds, connections }) {
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
