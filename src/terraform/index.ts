// Terraform / OpenTofu: reading `show -json` plans and writing import blocks for the live connectors.
export { CONNECTOR_TYPE, parseTerraformPlan, planText, readPlan, TerraformPlanError } from './plan';
export type { NotInPlan, Planned, PlannedConnector, RemovedConnector, TerraformPlanView } from './plan';
export { judgeTerraformPlan } from './judge';
export type { JudgeOptions, PlanJudgement } from './judge';
export { hclString, terraformImportFor } from './hcl';
export type { TerraformImport } from './hcl';
