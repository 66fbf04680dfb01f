// Package client is tally's typed client for the billing API v1
// (docs: billing-api.md). It validates queries before sending, retries GETs
// (never POSTs) on 429/5xx/transport errors under the caller's context,
// caps response bodies at 16 MiB, decodes into model types (which sanitise
// every string), and reports failures as errors a person can act on, each
// naming the server's request id. The API key is never part of an error or
// a log line, even when a server echoes it back.
package client
