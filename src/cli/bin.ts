#!/usr/bin/env node
// The installed binary (dist/cli.js). It turns on Node's own compile cache (module.enableCompileCache,
// Node >= 22.1; absent on Node 20, where this is a no-op) before it loads the bundled CLI, so the
// bundle is compiled once per Node version and machine and read from the cache afterwards.
import * as nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Loaded after the cache is on, from its own file (dist/main.js), so it is compiled through the cache.
// A plain require: import() of a file would go through the slower ES module loader.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = require('./main') as typeof import('./main');
void cli.runCli();
