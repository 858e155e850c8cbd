/** Levenshtein distance with adjacent transposition (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}

/** camelCase, kebab-case and spaces compared as snake_case: `emailDomain` -> `email_domain`. */
function asSnakeCase(word: string): string {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/**
 * The known word nearest to `word`, or undefined when nothing is close enough to be a likely typo.
 * Close enough: same word in another case style, or an edit distance of at most a third of its length.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const snake = asSnakeCase(word);
  const sameWord = known.find((candidate) => candidate === snake);
  if (sameWord !== undefined) return sameWord;
  // A truncated word (`warn` for `warning`, `verification` for `verification_mismatch`).
  if (snake.length >= 3) {
    const extensions = known.filter((candidate) => candidate.startsWith(snake));
    if (extensions.length === 1) return extensions[0];
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = Math.min(editDistance(word, candidate), editDistance(snake, candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  return bestDistance <= limit ? best : undefined;
}
