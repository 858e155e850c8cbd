// The one runner every policy goes through. Before checking: its config must be valid and the
// desired-state file usable (either problem is ONE mandatory violation: fail closed, never a pass).
// After judging: of the engine's findings, each policy reports exactly the kinds it declares,
// in the words its rule gives for the stack (`stackMessage`), through one adapter to Pulumi.
import type { ReportViolation } from '@pulumi/policy';
import { ruleById } from '../src/rules';
import { fillMessage } from '../src/rules/message';
import { cleanText } from '../src/core/text';
import type { DesiredState, Finding, FindingKind } from '../src/core/types';
import { configProblems, loadDesired, type ConfiguredPolicy, type DesiredLoad, type PolicySettings } from './context';
import { accountNamed, at, findAccount, resourceFromUrn } from './names';

export interface Prepared {
  settings: PolicySettings;
  desired: DesiredState;
}

export function prepare(
  policy: ConfiguredPolicy,
  args: { getConfig<T extends object>(): T },
  report: ReportViolation,
  urn?: string,
): Prepared | undefined {
  const config = args.getConfig<Record<string, unknown>>();
  const problem = configProblems(policy, config);
  if (problem !== undefined) {
    violate(report, problem, { urn, forceMandatory: true });
    return undefined;
  }
  // Valid against the policy's configSchema, whose keys PolicySettings describes.
  const settings = config as PolicySettings;
  const load = loadDesired(settings);
  if (!load.ok) {
    reportUnusableDesiredState(report, load, urn);
    return undefined;
  }
  return { settings, desired: load.desired };
}

export interface FindingReporting {
  /** The finding kinds this policy reports; findings of other kinds belong to other policies. */
  kinds: readonly FindingKind[];
  /** A resource policy reports only findings about the resource it was given, on that resource. */
  resourceUrn?: string;
  /** Where a stack policy's violation points (default: the finding's connector, a resource URN). */
  urnOf?(finding: Finding): string | undefined;
  /** The stack's resources a finding is about, for {{resources}} (duplicates). */
  resourcesOf?(finding: Finding): string[];
  /** Words the policy adds after the rule's (e.g. the DNS record to add). */
  hintFor?(finding: Finding): string;
  /** Set when a finding may be wrong because something is not known yet: said as advisory, with this reason. */
  notYetKnown?: string;
  /**
   * `live`: the findings are about the live account (live-drift), said as the CLI says them, with
   * `scrub` applied (the API token). Default `stack`: about this stack's resources.
   */
  about?: 'stack' | 'live';
  scrub?(text: string): string;
}

/** Reports the policy's kinds among `findings`, each once, at the level its severity and waiver give. */
export function reportFindings(report: ReportViolation, desired: DesiredState, findings: readonly Finding[], how: FindingReporting): void {
  for (const finding of findings) {
    if (!how.kinds.includes(finding.kind)) continue;
    if (how.resourceUrn !== undefined && finding.connectorId !== how.resourceUrn) continue;
    const urns = how.resourcesOf?.(finding) ?? [];
    const words = how.about === 'live' ? describeLiveFinding(finding) : describeStackFinding(desired, finding, urns);
    const text = (how.scrub ?? ((same: string) => same))(words + (how.hintFor?.(finding) ?? ''));
    // A stack finding's connectorId is a resource URN (judge puts it there); a live one is Cloudflare's id.
    const urn = how.resourceUrn ?? (how.urnOf !== undefined ? how.urnOf(finding) : how.about === 'live' ? undefined : finding.connectorId);
    if (how.notYetKnown !== undefined) violate(report, `Could not confirm yet: ${text} ${how.notYetKnown}`, { urn, downgrade: true });
    else violate(report, text, { urn, downgrade: isAdvisoryFinding(finding) });
  }
}

/**
 * A finding about the stack (not the live account), in the words its rule gives for Pulumi users
 * (`stackMessage`): here the connectors are resources of this stack. A rule without stack words
 * is shown with the engine's own message.
 */
export function describeStackFinding(desired: DesiredState, finding: Finding, urns: readonly string[] = []): string {
  const where = at(finding.location);
  const template = ruleById(finding.ruleId)?.stackMessage;
  const text =
    template === undefined
      ? `${finding.message}${where ? ` (${where})` : ''}`
      : fillMessage(template, {
          who: `${accountNamed(desired, finding.accountId)}: email_domain ${finding.emailDomain}`,
          where,
          resource: resourceFromUrn(finding.connectorId),
          resources: urns.map((urn) => resourceFromUrn(urn)).join(', '),
          file: desired.file,
          unmanaged: findAccount(desired, finding.accountId)?.unmanaged ?? finding.severity,
          domain: finding.emailDomain,
          expected: finding.expected ?? '',
          actual: finding.actual ?? '',
        });
  return `[${finding.ruleId}] ${text}${waiverNote(finding)}`;
}

/** A finding from the live API (live-drift): the engine's message, as the CLI prints it. */
export function describeLiveFinding(finding: Finding): string {
  const where = at(finding.location);
  return `[${finding.ruleId}] ${finding.severity}: ${finding.message}${where ? ` (${where})` : ''}${waiverNote(finding)}`;
}

function waiverNote(finding: Finding): string {
  return finding.waived && finding.waiver ? ` Waived until ${finding.waiver.expires}: ${finding.waiver.reason}.` : '';
}

export type Level = 'advisory' | 'mandatory';

/**
 * The one adapter to @pulumi/policy's ReportViolation. `downgrade: true` forces advisory (warnings,
 * waived findings, things that could not be checked yet). Otherwise the policy's configured level
 * applies; `forceMandatory` is for what makes the policy unable to check (fail closed even in
 * advisory policies).
 */
export function violate(
  report: ReportViolation,
  message: string | readonly string[],
  options: { urn?: string; downgrade?: boolean; forceMandatory?: boolean } = {},
): void {
  const level: Level | undefined = options.forceMandatory ? 'mandatory' : options.downgrade ? 'advisory' : undefined;
  // Why the cast: @pulumi/policy 1.21 accepts an object here at run time (message, urn,
  // enforcementLevel: its server reads each), which is the only way to set a violation's own
  // level; its type declaration lists only the (message, urn) form.
  const detailed = report as unknown as (info: { message: string; urn?: string; enforcementLevel?: Level }) => void;
  // Messages carry names and values from the desired-state file, the program and the API, and end
  // up in a terminal or CI log: each line passes the one sanitiser, so a line break inside a value
  // shows as \u000a. Only a message given as lines is shown on several.
  const inert = (typeof message === 'string' ? [message] : message).map((line) => cleanText(line)).join('\n');
  detailed({ message: inert, ...(options.urn ? { urn: options.urn } : {}), ...(level ? { enforcementLevel: level } : {}) });
}

/** Whether a finding blocks (at the policy's level) or only informs (advisory). */
export function isAdvisoryFinding(finding: Finding): boolean {
  return finding.waived || finding.severity !== 'error';
}

export function reportUnusableDesiredState(report: ReportViolation, load: Extract<DesiredLoad, { ok: false }>, urn?: string): void {
  violate(report, load.lines, { urn, forceMandatory: true });
}
