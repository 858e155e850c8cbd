// Public surface of the local Cloudflare API emulator.
export { startEmulator } from './server';
export { loadSeedFile, validateSeed, generateSeed, EmulatorSeedError } from './seed';
export { validateFaults, FaultSpecError } from './faults';
export type {
  EmulatorOptions,
  EmulatorSeed,
  EmulatorStats,
  Fault,
  RunningEmulator,
  SeedConnector,
} from './types';
