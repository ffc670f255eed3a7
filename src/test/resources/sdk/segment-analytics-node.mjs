// Sends calls through Segment's Node.js library (@segment/analytics-node), as published, and prints what it did and
// what it was told, one JSON object a line on stdout:
//   {"request": {"url", "headers", "body"}}   each HTTP request it made, the body as JSON
//   {"response": {"url", "status"}}           each answer it got
//   {"delivered": {"type", "messageId"}}      each call it reported delivered
// Exits 1 when the library reports an error (a delivery refused or failed), so that the test fails.
//
// Run it in the folder holding node_modules (NpmPackages.install()):
//   node segment-analytics-node.mjs <host> <writeKey> <flushAt> '<calls>'
// where calls is a JSON array of [method, params], e.g. [["track", {"event": "Clicked", "userId": "u1"}]].
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(path.join(process.cwd(), 'package.json'))
const { Analytics } = require('@segment/analytics-node')

const [host, writeKey, flushAt, calls] = process.argv.slice(2)
const print = (line) => console.log(JSON.stringify(line))

// No retries: a refusal shows at once, rather than after minutes of backing off.
const analytics = new Analytics({ host, writeKey, flushAt: Number(flushAt), maxRetries: 0 })
analytics.on('http_request', ({ url, headers, body }) => print({ request: { url, headers, body: JSON.parse(body) } }))
analytics.on('http_response', ({ url, status }) => print({ response: { url, status } }))
analytics.on('error', (error) => {
  console.error('analytics-node reported an error:', error.code, error.reason)
  process.exitCode = 1
})

for (const [method, params] of JSON.parse(calls)) {
  analytics[method](params, (error, ctx) => {
    if (!error) {
      print({ delivered: { type: ctx.event.type, messageId: ctx.event.messageId } })
    }
  })
}
await analytics.closeAndFlush()
