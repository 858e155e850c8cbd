// What Pulumi Cloud shows about each policy (severity, framework, tags, remediation steps, url),
// derived from the rule modules the policy reports, so the pack never restates a rule's metadata.
import type { PolicyComplianceFramework, Severity as PolicySeverity } from '@pulumi/policy';
import { ruleByKind, type NistControl, type Rule } from '../src/rules';
import type { FindingKind, Severity } from '../src/core/types';
import packageJson from './package.json';

/** The repository the pack is published from (policies/package.json `repository.url`). */
export const REPOSITORY_URL: string = packageJson.repository.url;

/** Where a policy is explained: its heading in the repository README. */
export function policyUrl(policyName: string): string {
  return `${REPOSITORY_URL}#${policyName}`;
}

/** The rules' three levels onto Pulumi's four; nothing maps to `critical`. */
const PULUMI_SEVERITY: Record<Severity, PolicySeverity> = { error: 'high', warning: 'medium', note: 'low' };
const SEVERITY_ORDER: readonly PolicySeverity[] = ['low', 'medium', 'high', 'critical'];

/** NIST SP 800-53 Rev. 5 control titles, for the framework's specification text. */
const CONTROL_TITLES: Record<NistControl, string> = {
  'IA-2': 'Identification and Authentication (Organizational Users)',
  'AC-8': 'System Use Notification',
  'CM-6': 'Configuration Settings',
};

export interface PolicyMetadata {
  severity: PolicySeverity;
  framework?: PolicyComplianceFramework;
  tags: string[];
  remediationSteps: string;
  url: string;
}

/**
 * The metadata of a policy that reports findings of `kinds`: the highest of the rules' default
 * severities, the union of their NIST SP 800-53 controls, their remediation texts in rule order.
 */
export function policyMetadata(policyName: string, kinds: readonly FindingKind[]): PolicyMetadata {
  const rules: Rule[] = kinds.map((kind) => ruleByKind(kind)).sort((a, b) => a.id.localeCompare(b.id));
  const severity = rules
    .map((rule) => PULUMI_SEVERITY[rule.defaultSeverity])
    .reduce((highest, next) => (SEVERITY_ORDER.indexOf(next) > SEVERITY_ORDER.indexOf(highest) ? next : highest), 'low');
  const controls = [...new Set(rules.flatMap((rule) => rule.controls))].sort();
  return {
    severity,
    ...(controls.length > 0
      ? {
          framework: {
            name: 'NIST SP 800-53',
            version: 'Rev. 5',
            reference: controls.join(', '),
            specification: controls.map((control) => `${control} ${CONTROL_TITLES[control]}`).join('; '),
          },
        }
      : {}),
    tags: ['cloudflare', 'sso', ...rules.map((rule) => rule.id), ...controls.map((control) => `nist-800-53:${control}`)],
    remediationSteps: rules.map((rule) => `${rule.id} ${rule.title}: ${rule.remediation}`).join('\n'),
    url: policyUrl(policyName),
  };
}
