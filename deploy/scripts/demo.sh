#!/usr/bin/env bash
# `npm run demo`: the main job on one machine. Installs what is missing, starts Postgres, Redis and
# Kafka when needed, builds, migrates, runs the four services and replays the bundled sample of
# real customer-care tweets, then shows the cases waiting in the shared queues through the API.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
API="http://127.0.0.1:${SCB_BASE_PORT:-3000}"
SAMPLE="${1:-apps/ingestion/fixtures/sample-mentions.jsonl}"
export LOG_FORMAT="${LOG_FORMAT:-json}"
# Every api route needs credentials: the demo signs in as the bootstrap admin (change these for
# anything but a local demo).
export BOOTSTRAP_ADMIN_EMAIL="${BOOTSTRAP_ADMIN_EMAIL:-admin@demo.local}"
export BOOTSTRAP_ADMIN_PASSWORD="${BOOTSTRAP_ADMIN_PASSWORD:-demo-admin-password}"

bash deploy/scripts/ensure-deps.sh
bash deploy/infra.sh up
echo "[demo] building" >&2; npm run --silent build
npm run -s migrate
bash deploy/scripts/services.sh start
echo "[demo] replaying $SAMPLE" >&2
LOG_LEVEL=warn npm run -s replay -- "$SAMPLE"
TOKEN="$(node -e 'console.log(JSON.stringify({ email: process.env.BOOTSTRAP_ADMIN_EMAIL, password: process.env.BOOTSTRAP_ADMIN_PASSWORD }))' |
  curl -fs -H 'content-type: application/json' --data-binary @- "$API/v1/auth/login" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')"
get() { curl -fs -H "Authorization: Bearer $TOKEN" "$API$1"; }

summary() { get /v1/queues | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const { queues } = JSON.parse(s);
    for (const q of queues) console.log(`${q.name}: ${q.counts.queued} queued work items (BullMQ waiting ${q.bullmq.waiting + q.bullmq.prioritized})`);
  });'; }
for _ in $(seq 1 60); do
  queued="$(get /v1/queues | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).queues.reduce((n,q)=>n+q.counts.queued,0)))')"
  [[ "$queued" -gt 0 ]] && break
  sleep 1
done
sleep 3
echo
echo "Cases in queues:"; summary
echo
echo "Latest cases:"
get "/v1/cases?limit=5" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const { total, items } = JSON.parse(s);
    for (const c of items) console.log(`  ${c.caseNumber}  ${c.status.padEnd(6)} ${String(c.interactions).padStart(2)} mention(s)  queue ${c.workItem ? c.workItem.queue : "-"}  ${c.customer.handles.join(",")}`);
    console.log(`  ... ${total} cases in all`);
  });'
cat <<MSG

The services keep running:  $API/v1/cases  $API/v1/queues  $API/health
Web console: $API/  (sign in as $BOOTSTRAP_ADMIN_EMAIL; the api takes the same login at POST $API/v1/auth/login)
Logs: deploy/.runtime/services/*.log     Stop them with: npm run demo:stop
MSG
