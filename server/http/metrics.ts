import { type FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type BatchResponse } from '../../shared/sync/protocol';

// Prometheus metrics (GET /metrics, text exposition format): Node's process metrics, every answer by route and
// status with its duration, and what ingest stored. One registry per app (tests run several apps in a process).
// Operational, not part of the sync protocol: the reverse proxy keeps /metrics inside (deploy/nginx.conf).

export const METRICS_PATH = '/metrics';

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'enroll_http_requests_total',
    help: 'Answers sent, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'enroll_http_request_duration_seconds',
    help: 'Time from request to answer, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly items = new Counter({
    name: 'enroll_batch_items_total',
    help: 'Application items of batches answered, by result (accepted, already_have, conflict, invalid, …)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'enroll_' });
  }

  /** Counts every answer (registered before the routes). Unmatched paths count under one label, not their URL. */
  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
      this.duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    });
  }

  batchAnswered(res: BatchResponse): BatchResponse {
    for (const item of res.items) this.items.inc({ result: item.result });
    return res;
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
