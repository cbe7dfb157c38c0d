// Helmet's defaults on every answer, with one change: no upgrade-insecure-requests, because a
// self-hosted proxy is often reached over plain http (127.0.0.1, a LAN), where upgrading the
// demo page's /widget.js and /api calls to https would break them. TLS is the front proxy's job.
import helmet from "helmet";

export function securityHeaders() {
  return helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}
