// The values of an OSCAL document's Markdown fields (title, description, statement, remarks), for the tests
// that check hostile strings stay inert there.
const MARKUP_KEYS = new Set(['title', 'description', 'statement', 'remarks']);

export function markupFieldValues(doc: unknown): string[] {
  const values: string[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (typeof node === 'string') {
      if (MARKUP_KEYS.has(key)) values.push(node);
    } else if (Array.isArray(node)) node.forEach((child) => walk(child, key));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(doc);
  return values;
}
