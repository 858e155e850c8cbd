import { connectorRule } from './rule';
import { BOOLEAN_SETTING_MESSAGES, booleanSettingStackMessage, checkBooleanSetting } from './boolean-setting';
import { settingOf } from '../core/settings';

const SETTING = settingOf('useFedrampLanguage');

/**
 * CFSSO006: `use_fedramp_language` of a live connector differs from the declaration.
 * With duplicates, every live connector of the domain is compared (one check each).
 */
export const fedrampMismatchRule = connectorRule({
  id: 'CFSSO006',
  kind: SETTING.kind,
  scope: 'connector',
  property: SETTING.yaml,
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
  stackMessage: booleanSettingStackMessage(SETTING.yaml),
  policy: 'sso-connector-settings',
  check(pair) {
    return checkBooleanSetting(SETTING, pair, (expected) => `Set ${SETTING.yaml} to ${expected}`);
  },
});
