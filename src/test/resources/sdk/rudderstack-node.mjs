// Sends calls through RudderStack's Node.js SDK (@rudderstack/rudder-sdk-node), as published, which gzips its batches,
// and prints what it did and what it was told, one JSON object a line on stdout:
//   {"request": {"url", "headers", "body"}}   each HTTP request it made, the body inflated and read as JSON
//   {"response": {"url", "status", "body"}}   each answer it got
//   {"delivered": {"type"}}                   each call it reported delivered
// Exits 1 when the SDK reports an error (a delivery refused or failed), so that the test fails.
//
// Run it in the folder holding node_modules (NpmPackages.install()):
//   node rudderstack-node.mjs <dataPlaneUrl> <writeKey> <flushAt> '<calls>'
// where calls is a JSON array of [method, params], e.g. [["track", {"event": "Clicked", "userId": "u1"}]].
import { createRequire } from 'node:module'
import path from 'node:path'
import zlib from 'node:zlib'

const require = createRequire(path.join(process.cwd(), 'package.json'))
const Analytics = require('@rudderstack/rudder-sdk-node')

const [dataPlaneUrl, writeKey, flushAt, calls] = process.argv.slice(2)
const print = (line) => console.log(JSON.stringify(line))

// No retries: a refusal shows at once. The SDK logs to the console: errors only, to stderr.
const analytics = new Analytics(writeKey, { dataPlaneUrl, flushAt: Number(flushAt), retryCount: 0, logLevel: 'error' })

// The request as axios sent it: its headers once axios had labelled the body, and the body the SDK gave it.
function report(config, status, answer) {
  const headers = config.headers.toJSON()
  const compressed = String(headers['Content-Encoding']).toLowerCase() === 'gzip'
  const body = compressed ? zlib.gunzipSync(config.data) : config.data
  print({ request: { url: config.url, headers, body: JSON.parse(body) } })
  print({ response: { url: config.url, status, body: answer } })
}
analytics.axiosInstance.interceptors.response.use(
  (response) => {
    report(response.config, response.status, response.data)
    return response
  },
  (error) => {
    if (error.config) {
      report(error.config, error.response?.status ?? null, error.response?.data ?? String(error))
    }
    return Promise.reject(error)
  }
)

const deliveries = JSON.parse(calls).map(
  ([method, params]) =>
    new Promise((resolve, reject) =>
      analytics[method](params, (error) => (error ? reject(error) : resolve(method)))
    )
)
try {
  // Each flush sends at most flushAt messages.
  while (analytics.queue.length > 0) {
    await analytics.flush()
  }
  for (const method of await Promise.all(deliveries)) {
    print({ delivered: { type: method } })
  }
} catch (error) {
  console.error('rudder-sdk-node reported an error:', error)
  process.exitCode = 1
}
