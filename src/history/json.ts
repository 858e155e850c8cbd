// History as JSON for other tools: the History object as built (kind cf-sso-guard-history, schemaVersion 2: figures counted in UTC days; schemas/history.schema.json).
import { escapeJsonText } from '../core/text';
import type { HistoryFormatter } from './format';

export const historyJson: HistoryFormatter = { name: 'json', render: (history) => escapeJsonText(JSON.stringify(history, null, 2)) + '\n' };
