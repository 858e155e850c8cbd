import { connectorRule } from './rule';
import { BOOLEAN_SETTING_MESSAGES, booleanSettingStackMessage, checkBooleanSetting } from './boolean-setting';
import { settingOf } from '../core/settings';

const SETTING = settingOf('enabled');

/**
 * CFSSO004: `enabled` of a live connector differs from the declaration.
 * With duplicates, every live connector of the domain is compared (one check each).
 */
export const enabledMismatchRule = connectorRule({
  id: 'CFSSO004',
  kind: SETTING.kind,
  scope: 'connector',
  property: SETTING.yaml,
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
  stackMessage: booleanSettingStackMessage(SETTING.yaml),
  policy: 'sso-connector-settings',
  check(pair) {
    return checkBooleanSetting(SETTING, pair, (expected) => `${expected ? 'Enable' : 'Disable'} the connector`);
  },
});
