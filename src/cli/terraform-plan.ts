// `check --terraform-plan FILE`: the plan file read at the edge (bounded, a regular file), parsed by the
// pure reader in src/terraform. Errors name the file and what is wrong, never a value from the plan.
import { sha256Hex } from '../core/digest';
import { readInput } from '../fs/input';
import { parseTerraformPlan, planText, TerraformPlanError, type TerraformPlanView } from '../terraform';
import { UsageError } from './errors';

export function readTerraformPlanFile(path: string): { view: TerraformPlanView; sha256: string } {
  const bytes = readInput(path, 'terraformPlan');
  const sha256 = sha256Hex(bytes);
  try {
    return { view: parseTerraformPlan(planText(bytes)), sha256 };
  } catch (error) {
    if (error instanceof TerraformPlanError) throw new UsageError(`${path}: ${error.message}`, 'bad_input_file');
    throw error;
  }
}
