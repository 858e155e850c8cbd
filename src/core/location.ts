// How a place in a file is written everywhere: `file:line:column`, or the file alone when the place is
// the file as a whole (line 0). Editors and CI logs link this form.
import type { SourceLocation } from './types';

export function formatLocation(location: Pick<SourceLocation, 'file' | 'line' | 'column'>): string {
  return location.line > 0 ? `${location.file}:${location.line}:${location.column}` : location.file;
}
