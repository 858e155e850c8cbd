import type { ErrorObject } from 'ajv';
import type { DesiredStateIssue } from './errors';
import { knownKeysAt } from './schema';
import { nearest } from '../core/suggest';
import { PathSegment, SourcePositions, formatPath } from './yaml-doc';
import { VERIFICATION_STATUSES } from '../core/types';

/** JSON Pointer (`/accounts/0/id`) to path segments; array indexes become numbers. */
export function pointerToSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) && /^\d+$/.test(token) ? Number(token) : token;
    segments.push(segment);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[String(segment)] : undefined;
  }
  return segments;
}

function valueAt(data: unknown, segments: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `string "yes"`, `number 5`, `a list`, ... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (empty value)';
  if (typeof value === 'string') return `string ${JSON.stringify(shorten(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (value instanceof Date) return 'a timestamp';
  return 'a mapping';
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list (- item)',
  string: 'string',
  boolean: 'boolean',
  number: 'number',
  integer: 'integer',
};

const YAML_11_BOOLEANS = /^(y|yes|n|no|on|off|true|false)$/i;
const VERIFICATION_LIST = VERIFICATION_STATUSES.join(', ');

/** Turns ajv's errors into positioned, human issues. */
export class SchemaErrorExplainer {
  constructor(
    private readonly source: SourcePositions,
    private readonly data: unknown,
  ) {}

  explain(errors: readonly ErrorObject[]): DesiredStateIssue[] {
    // oneOf reports every branch's failure; the verification explainer says it once, clearly.
    // A set, and each pointer's ancestors looked up in it: linear, however many errors there are.
    const oneOfPointers = new Set(errors.filter((error) => error.keyword === 'oneOf').map((error) => error.instancePath));
    const insideOneOf = (pointer: string): boolean => {
      if (oneOfPointers.size === 0) return false;
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        if (oneOfPointers.has(p)) return true;
        if (p === '') return false;
      }
    };
    const issues: DesiredStateIssue[] = [];
    for (const error of errors) {
      if (error.keyword === 'oneOf') for (const issue of this.explainVerification(pointerToSegments(error.instancePath, this.data))) issues.push(issue);
      else if (!insideOneOf(error.instancePath)) issues.push(this.explainOne(error));
    }
    return issues;
  }

  private issue(segments: readonly PathSegment[], message: string, hint?: string, at: 'key' | 'value' = 'value'): DesiredStateIssue {
    return {
      file: this.source.file,
      ...this.source.positionOf(segments, at),
      path: formatPath(segments),
      message,
      ...(hint ? { hint } : {}),
    };
  }

  private explainOne(error: ErrorObject): DesiredStateIssue {
    const segments = pointerToSegments(error.instancePath, this.data);
    const value = valueAt(this.data, segments);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const known = knownKeysAt(segments);
        const suggestion = nearest(key, known);
        return this.issue(
          [...segments, key],
          `unknown key "${key}"`,
          suggestion ? `did you mean "${suggestion}"?` : `allowed keys: ${known.join(', ')}`,
          'key',
        );
      }
      case 'required': {
        const key = String(params.missingProperty);
        const hint = key === 'connectors' ? 'write "connectors: []" to declare that the account must have none' : undefined;
        return this.issue(segments, `missing required key "${key}"`, hint);
      }
      case 'type':
        return this.explainType(segments, value, String(params.type));
      case 'const':
        if (segments.length === 1 && segments[0] === 'version') {
          return typeof value === 'number'
            ? this.issue(segments, `unsupported version ${value}; expected 1`, 'this cf-sso-guard reads version 1 files')
            : this.issue(segments, `expected the number 1, got ${describeValue(value)}`, 'write "version: 1" without quotes');
        }
        return this.issue(segments, `expected ${JSON.stringify(params.allowedValue)}, got ${describeValue(value)}`);
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map(String);
        const suggestion = typeof value === 'string' ? nearest(value, allowed) : undefined;
        return this.issue(
          segments,
          `expected one of: ${allowed.join(', ')}; got ${describeValue(value)}`,
          suggestion ? `did you mean "${suggestion}"?` : undefined,
        );
      }
      case 'pattern':
        return this.explainPattern(segments, value, error.schemaPath);
      case 'format':
        return this.explainDate(segments, value);
      case 'minLength':
        return this.issue(segments, 'expected a non-empty string');
      case 'maxLength':
        return this.issue(segments, `expected at most ${String(params.limit)} characters, got ${String(value).length}`);
      case 'minItems':
        return segments.length === 1 && segments[0] === 'accounts'
          ? this.issue(segments, 'expected at least one account')
          : this.issue(segments, `expected at least ${String(params.limit)} item(s)`);
      default:
        return this.issue(segments, error.message ?? `failed ${error.keyword}`);
    }
  }

  private explainType(segments: readonly PathSegment[], value: unknown, type: string): DesiredStateIssue {
    if (segments.length === 0) {
      return this.issue(segments, `expected a mapping with version and accounts at the top level, got ${describeValue(value)}`);
    }
    const written = this.source.sourceText(segments);
    let hint: string | undefined;
    if (type === 'boolean' && typeof value === 'string' && YAML_11_BOOLEANS.test(value)) {
      hint = 'write true or false; YAML 1.2 reads yes/no/on/off as strings';
    } else if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean') && written) {
      hint = `put it in quotes: "${written}"`;
    }
    return this.issue(segments, `expected ${TYPE_NAMES[type] ?? type}, got ${describeValue(value)}`, hint);
  }

  private explainPattern(segments: readonly PathSegment[], value: unknown, schemaPath: string): DesiredStateIssue {
    const text = String(value);
    if (schemaPath.includes('accountId')) {
      let hint: string;
      if (/^[0-9a-fA-F]{32}$/.test(text)) hint = 'write it in lowercase';
      else if (text.length !== 32) hint = `it has ${text.length} characters`;
      else hint = 'it contains characters other than 0-9 and a-f';
      return this.issue(segments, `expected a Cloudflare account id (32 lowercase hex characters), got ${describeValue(value)}`, hint);
    }
    if (schemaPath.includes('emailDomain')) {
      let hint: string | undefined;
      if (text.includes('@')) hint = 'write only the part after "@"';
      else if (text.includes('/') || text.includes(':')) hint = 'write the domain only, not a URL';
      else if (/\S\s+\S/.test(text)) hint = 'a domain has no spaces';
      return this.issue(segments, `expected an email domain such as example.com, got ${describeValue(value)}`, hint);
    }
    return this.issue(segments, `${describeValue(value)} does not have the expected form`);
  }

  private explainDate(segments: readonly PathSegment[], value: unknown): DesiredStateIssue {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return this.issue(segments, `expected a real calendar date (YYYY-MM-DD), got "${value}", which does not exist`);
    }
    return this.issue(segments, `expected a date as YYYY-MM-DD, got ${describeValue(value)}`);
  }

  /** One message per real problem with a `verification` value (a status, or a list of statuses). */
  private explainVerification(segments: readonly PathSegment[]): DesiredStateIssue[] {
    const value = valueAt(this.data, segments);
    const expected = `expected a verification status (${VERIFICATION_LIST}) or a list of them`;
    const suggest = (word: unknown) => {
      const match = typeof word === 'string' ? nearest(word, VERIFICATION_STATUSES) : undefined;
      return match ? `did you mean "${match}"?` : undefined;
    };
    if (!Array.isArray(value)) return [this.issue(segments, `${expected}, got ${describeValue(value)}`, suggest(value))];
    if (value.length === 0) return [this.issue(segments, `expected at least one status in the list (${VERIFICATION_LIST})`)];
    const issues: DesiredStateIssue[] = [];
    const seen = new Set<unknown>();
    value.forEach((item, index) => {
      const itemSegments = [...segments, index];
      if (typeof item !== 'string' || !(VERIFICATION_STATUSES as readonly string[]).includes(item)) {
        issues.push(this.issue(itemSegments, `expected one of: ${VERIFICATION_LIST}; got ${describeValue(item)}`, suggest(item)));
      } else if (seen.has(item)) {
        issues.push(this.issue(itemSegments, `status "${item}" is listed twice`));
      }
      seen.add(item);
    });
    if (issues.length === 0) issues.push(this.issue(segments, `${expected}, got ${describeValue(value)}`));
    return issues;
  }
}
