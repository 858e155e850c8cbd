// Public surface of the local Cloudflare API emulator.
export { startEmulator, DEFAULT_PER_PAGE, MAX_PER_PAGE } from './server';
export { loadSeedFile, validateSeed, generateSeed, EmulatorSeedError, type GenerateSeedOptions } from './seed';
export { validateFaults, FaultSpecError, FAULT_KINDS } from './faults';
export { runEmulatorCli, parseEmulatorArgs, DEFAULT_EMULATOR_TOKEN, DEFAULT_EMULATOR_PORT, EMULATOR_USAGE } from './main';
export type {
  EmulatorOptions,
  EmulatorSeed,
  EmulatorStats,
  Fault,
  FaultKind,
  FaultScope,
  FaultSpec,
  RateLimit,
  RouteName,
  RunningEmulator,
  SeedAccount,
  SeedConnector,
  VerificationStatus,
} from './types';
