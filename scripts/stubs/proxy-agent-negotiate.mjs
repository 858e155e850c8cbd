// Stands in for `proxy-agent-negotiate` in dist/ (scripts/build.mjs aliases it): https-proxy-agent 9 imports
// it for Kerberos/SPNEGO proxy authentication, which it uses only when asked (`negotiate`, `onProxyAuth`);
// src/cloudflare/proxy.ts asks for neither. The real one would bundle a dynamic import of the native
// `kerberos` package and ships no licence file.
export function createNegotiateAuth() {
  throw new Error('Negotiate proxy authentication is not supported by cf-sso-guard');
}
