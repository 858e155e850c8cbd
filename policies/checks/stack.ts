// What the stack policies share: the stack's SsoConnectors, placed by (account, domain) where known.
import type { PolicyResource } from '@pulumi/policy';
import { observeConnector, place, SSO_CONNECTOR_TYPE, type ConnectorObservation, type PlacedConnector } from '../observe';

export interface StackConnectors {
  placed: PlacedConnector[];
  /** Connectors whose account or domain is not known (preview) or not usable. */
  unplaced: ConnectorObservation[];
}

export function stackConnectors(resources: readonly PolicyResource[]): StackConnectors {
  const placed: PlacedConnector[] = [];
  const unplaced: ConnectorObservation[] = [];
  for (const resource of resources) {
    if (resource.type !== SSO_CONNECTOR_TYPE) continue;
    const observation = observeConnector(resource);
    const where = place(observation);
    if (where === undefined) unplaced.push(observation);
    else placed.push(where);
  }
  return { placed, unplaced };
}

export function namesOf(observations: readonly ConnectorObservation[]): string {
  return observations.map((observation) => `"${observation.name}"`).join(', ');
}
