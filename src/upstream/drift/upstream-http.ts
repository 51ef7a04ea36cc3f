/**
 * The probe builds its URLs and reads error bodies exactly as the gateway does, with the gateway's own
 * helpers. They are imported here only, so when the datasource moves (e.g. to src/upstream) this is the one
 * line to change.
 *
 * The probe does not call through ArcheraTransport: the transport hands back a parsed body only after its
 * tolerant checks (a 2xx body without a required field becomes an error without the body), and the probe
 * must see the raw body and status of every answer.
 */
export {
  buildQuery,
  extractUpstreamMessage,
  fillPath,
  isValidHeaderValue,
  parseBaseUrl,
  parsePagination,
  scrubSecret,
  type BaseUrl,
  type QueryValue,
} from '../http';
