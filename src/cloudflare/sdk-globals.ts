// What the CLI bundle gives the SDK for the global `Headers` (scripts/build.mjs, esbuild `inject`):
// the transport's own class, so that no request loads Node's undici (see http-message.ts).
export { HttpHeaders as Headers } from './http-message';
