// `check --terraform-plan FILE`: the plan file read at the edge (bounded, a regular file), parsed by the
// pure reader in src/terraform. Errors name the file and what is wrong, never a value from the plan.
import { createHash } from 'node:crypto';
import { InputFileError, MIB, readBoundedBytes } from '../fs/read-bounded';
import { parseTerraformPlan, planText, TerraformPlanError, type TerraformPlanView } from '../terraform';
import { UsageError } from './errors';

/** `terraform show -json` of a large workspace runs to tens of MiB; past this it is not a plan to check here. */
export const MAX_PLAN_BYTES = 512 * MIB;

export function readTerraformPlanFile(path: string, maxBytes = MAX_PLAN_BYTES): { view: TerraformPlanView; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readBoundedBytes(path, maxBytes, 'Terraform plan');
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(error.message, 'bad_input_file');
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    return { view: parseTerraformPlan(planText(bytes)), sha256 };
  } catch (error) {
    if (error instanceof TerraformPlanError) throw new UsageError(`${path}: ${error.message}`, 'bad_input_file');
    throw error;
  }
}
