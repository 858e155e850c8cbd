// Public surface of the local Cloudflare API emulator.
export { startEmulator } from './server';
export { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './api';
export { loadSeedFile, validateSeed, generateSeed, EmulatorSeedError, type GenerateSeedOptions } from './seed';
export { validateFaults, FaultSpecError, FAULT_KINDS } from './faults';
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
