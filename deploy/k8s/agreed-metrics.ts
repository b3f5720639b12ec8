/**
 * The services' own metric names, as agreed in issue 15 between the metrics work (served by
 * prom-client at GET /metrics) and the dashboards and alerts under deploy/k8s. Beside them
 * every service exposes prom-client's default metrics (process_*, nodejs_*).
 */
export const AGREED_METRICS = {
  http_request_duration_seconds: 'histogram',
  scb_kafka_consumer_lag: 'gauge',
  scb_kafka_batch_messages: 'histogram',
  scb_kafka_batch_duration_seconds: 'histogram',
  scb_ingestion_mentions_total: 'counter',
  scb_matcher_decisions_total: 'counter',
  scb_outbox_backlog: 'gauge',
  scb_outbox_relay_latency_seconds: 'histogram',
  scb_router_decisions_total: 'counter',
  scb_queue_depth: 'gauge',
  scb_queue_oldest_age_seconds: 'gauge',
  scb_sla_events_total: 'counter',
  scb_mention_to_queue_seconds: 'histogram',
} as const;
