// `check --terraform-plan FILE`: the plan file read at the edge (bounded, a regular file), parsed by the
// pure reader in src/terraform. Errors name the file and what is wrong, never a value from the plan.
import { sha256Hex } from '../core/digest';
import { MIB } from '../fs/read-bounded';
import { parseTerraformPlan, planText, TerraformPlanError, type TerraformPlanView } from '../terraform';
import { UsageError } from './errors';
import { readInputFile } from './input-file';

/** `terraform show -json` of a large workspace runs to tens of MiB; past this it is not a plan to check here. */
export const MAX_PLAN_BYTES = 512 * MIB;

export function readTerraformPlanFile(path: string, maxBytes = MAX_PLAN_BYTES): { view: TerraformPlanView; sha256: string } {
  const bytes = readInputFile(path, maxBytes, 'Terraform plan');
  const sha256 = sha256Hex(bytes);
  try {
    return { view: parseTerraformPlan(planText(bytes)), sha256 };
  } catch (error) {
    if (error instanceof TerraformPlanError) throw new UsageError(`${path}: ${error.message}`, 'bad_input_file');
    throw error;
  }
}
