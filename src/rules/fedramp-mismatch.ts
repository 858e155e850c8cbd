import type { ConnectorRule } from './rule';
import { BOOLEAN_SETTING_MESSAGES, BOOLEAN_SETTING_STACK_MESSAGE, checkBooleanSetting, type BooleanSetting } from './boolean-setting';

const SETTING: BooleanSetting = {
  key: 'use_fedramp_language',
  declared: (connector) => connector.useFedrampLanguage,
  live: (connector) => connector.useFedrampLanguage,
  fix: (expected) => `Set use_fedramp_language to ${expected}`,
};

/**
 * CFSSO006: `use_fedramp_language` of a live connector differs from the declaration.
 * With duplicates, every live connector of the domain is compared (one finding each).
 */
export const fedrampMismatchRule: ConnectorRule = {
  id: 'CFSSO006',
  kind: 'fedramp_mismatch',
  scope: 'connector',
  title: 'SSO connector FedRAMP language setting differs',
  defaultSeverity: 'error',
  controls: ['AC-8'],
  rationale:
    'FedRAMP-scoped organisations must show the FedRAMP notice at SSO login; showing it elsewhere misleads users.',
  remediation:
    'Set `use_fedramp_language` on the connector to the declared value (dashboard or PATCH /accounts/{account_id}/sso_connectors/{id}).',
  helpMarkdown:
    'The live connector\'s `use_fedramp_language` setting differs from the desired-state file.\n\n' +
    '**Fix:** change the connector\'s setting, or change `use_fedramp_language` in the desired-state file.',
  messages: BOOLEAN_SETTING_MESSAGES,
  stackMessage: BOOLEAN_SETTING_STACK_MESSAGE.replace('{{key}}', SETTING.key),
  check(pair) {
    return checkBooleanSetting(fedrampMismatchRule, SETTING, pair);
  },
};
