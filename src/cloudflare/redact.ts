// Defence in depth: whatever path a message took, the API token is cut out of it.
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[REDACTED]');
}
