// What the CI example tests share: a YAML file read strictly, and the `--report F=PATH` pairs of a command line.
import * as fs from 'node:fs';
import YAML from 'yaml';
import { expect } from 'vitest';

/** A step of a workflow or of a composite action, as the tests read it. */
export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}

/** A YAML file as data; any parse error fails the test. */
export function loadYaml(file: string): Record<string, unknown> {
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
  expect(doc.errors).toEqual([]);
  return doc.toJS() as Record<string, unknown>;
}

/** `--report F=PATH` pairs of a command line. */
export function reportTargets(command: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const match of command.matchAll(/--report\s+([a-z]+)=(\S+)/g)) targets.set(match[1], match[2]);
  return targets;
}
