import type { ConnectorRule } from './rule';
import { BOOLEAN_SETTING_MESSAGES, BOOLEAN_SETTING_STACK_MESSAGE, checkBooleanSetting, type BooleanSetting } from './boolean-setting';

const SETTING: BooleanSetting = {
  key: 'enabled',
  declared: (connector) => connector.enabled,
  live: (connector) => connector.enabled,
  fix: (expected) => `${expected ? 'Enable' : 'Disable'} the connector`,
};

/**
 * CFSSO004: `enabled` of a live connector differs from the declaration.
 * With duplicates, every live connector of the domain is compared (one finding each).
 */
export const enabledMismatchRule: ConnectorRule = {
  id: 'CFSSO004',
  kind: 'enabled_mismatch',
  scope: 'connector',
  title: 'SSO connector enabled setting differs',
  defaultSeverity: 'error',
  controls: ['IA-2'],
  rationale:
    'A disabled connector lets users of the domain skip the identity provider; an enabled one that should be off ' +
    'forces SSO before the identity provider is ready.',
  remediation: 'Set `enabled` on the connector to the declared value (dashboard or PATCH /accounts/{account_id}/sso_connectors/{id}).',
  helpMarkdown:
    'The live connector\'s `enabled` setting differs from the desired-state file.\n\n' +
    '**Fix:** enable or disable the connector to match, or change `enabled` in the desired-state file.',
  messages: BOOLEAN_SETTING_MESSAGES,
  stackMessage: BOOLEAN_SETTING_STACK_MESSAGE.replace('{{key}}', SETTING.key),
  check(pair) {
    return checkBooleanSetting(enabledMismatchRule, SETTING, pair);
  },
};
