// Drives the policy pack the way the Pulumi engine does: a tiny fake Engine gRPC server for the
// pack's Log calls, the pack started as `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack
// <engine-address> .` in the pack directory, the port read from its first stdout line, then the
// Analyzer protocol (GetAnalyzerInfo, ConfigureStack, Configure, Analyze, AnalyzeStack).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as analyzerRpc from '@pulumi/pulumi/proto/analyzer_grpc_pb';
import * as analyzerPb from '@pulumi/pulumi/proto/analyzer_pb';
import * as engineRpc from '@pulumi/pulumi/proto/engine_grpc_pb';
import type * as enginePb from '@pulumi/pulumi/proto/engine_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Struct, type JavaScriptValue } from 'google-protobuf/google/protobuf/struct_pb';

export const PACK_DIR = path.resolve(__dirname, '../policies');
export const SSO_TYPE = 'cloudflare:index/ssoConnector:SsoConnector';
/** Every policy the pack must offer, sorted by name. */
export const POLICY_NAMES = [
  'sso-connector-declared',
  'sso-connector-settings',
  'sso-connectors-complete',
  'sso-connectors-live-drift',
  'sso-connectors-unique',
  'sso-connectors-verified',
];

// The engine's wire sentinels (see @pulumi/pulumi/runtime/rpc).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require('@pulumi/pulumi/runtime/rpc') as { unknownValue: string; specialSigKey: string; specialSecretSig: string };
export const UNKNOWN = rpc.unknownValue;
export function secret(value: JavaScriptValue): Record<string, JavaScriptValue> {
  return { [rpc.specialSigKey]: rpc.specialSecretSig, value };
}

export type Level = 'advisory' | 'mandatory' | 'remediate' | 'disabled';
const LEVEL_NAMES: Record<number, Level> = {
  [analyzerPb.EnforcementLevel.ADVISORY]: 'advisory',
  [analyzerPb.EnforcementLevel.MANDATORY]: 'mandatory',
  [analyzerPb.EnforcementLevel.REMEDIATE]: 'remediate',
  [analyzerPb.EnforcementLevel.DISABLED]: 'disabled',
};
const LEVEL_CODES: Record<Level, analyzerPb.EnforcementLevel> = {
  advisory: analyzerPb.EnforcementLevel.ADVISORY,
  mandatory: analyzerPb.EnforcementLevel.MANDATORY,
  remediate: analyzerPb.EnforcementLevel.REMEDIATE,
  disabled: analyzerPb.EnforcementLevel.DISABLED,
};

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  message: string;
  urn: string;
  enforcementLevel: Level;
}

export interface AnalyzeResult {
  diagnostics: Diagnostic[];
  notApplicable: Array<{ policyName: string; reason: string }>;
}

export interface RemediateResult {
  remediations: Array<{
    policyName: string;
    policyPackName: string;
    description: string;
    /** The whole property bag after the remediation, as the engine receives it. */
    properties?: Record<string, unknown>;
    diagnostic: string;
  }>;
  notApplicable: Array<{ policyName: string; reason: string }>;
}

export interface EngineLog {
  severity: number;
  message: string;
  urn: string;
}

/** A fake Pulumi engine: only Log, which is what a policy pack calls. */
export async function startFakeEngine(): Promise<{ address: string; logs: EngineLog[]; close(): Promise<void> }> {
  const logs: EngineLog[] = [];
  const server = new grpc.Server();
  server.addService(engineRpc.EngineService, {
    log: (call: grpc.ServerUnaryCall<enginePb.LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
      logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage(), urn: call.request.getUrn() });
      callback(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

export function urnOf(name: string, type = SSO_TYPE): string {
  return `urn:pulumi:dev::cf-sso-guard::${type}::${name}`;
}

export interface ResourceInput {
  name: string;
  type?: string;
  props: Record<string, JavaScriptValue>;
}

function options(): analyzerPb.AnalyzerResourceOptions {
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setProtect(false);
  opts.setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
  return opts;
}

function provider(): analyzerPb.AnalyzerProviderResource {
  const prov = new analyzerPb.AnalyzerProviderResource();
  prov.setType('pulumi:providers:cloudflare');
  prov.setName('default_6_22_1');
  prov.setUrn('urn:pulumi:dev::cf-sso-guard::pulumi:providers:cloudflare::default_6_22_1');
  prov.setProperties(Struct.fromJavaScript({ version: '6.22.1' }));
  return prov;
}

function toDiagnostics(response: analyzerPb.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      message: d.getMessage(),
      urn: d.getUrn(),
      enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
    })),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

function unary<Req, Res>(
  method: (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response))));
}

export interface PolicyConfigInput {
  enforcementLevel?: Level;
  properties?: Record<string, JavaScriptValue>;
}

export interface RunningPack {
  port: number;
  /** The first stdout line, exactly as the pack printed it. */
  firstLine: string;
  stderr(): string;
  /**
   * Resolves with all of stderr once the pack's stderr (which arrives apart from the gRPC replies)
   * contains `text` at or after offset `from`.
   */
  waitForStderr(text: string, from?: number): Promise<string>;
  engineLogs: EngineLog[];
  info(): Promise<analyzerPb.AnalyzerInfo>;
  configureStack(values: { stack: string; project: string; dryRun: boolean; config?: Record<string, string> }): Promise<void>;
  configure(config: Record<string, PolicyConfigInput>): Promise<void>;
  analyze(resource: ResourceInput): Promise<AnalyzeResult>;
  remediate(resource: ResourceInput): Promise<RemediateResult>;
  analyzeStack(resources: ResourceInput[]): Promise<AnalyzeResult>;
  close(): Promise<void>;
}

/**
 * Starts a built pack (by default policies/, compiled to policies/bin) the way the engine does.
 * `env` replaces our own CF/Pulumi variables.
 */
export async function startPack(env: Record<string, string> = {}, packDir: string = PACK_DIR): Promise<RunningPack> {
  const engine = await startFakeEngine();
  const baseEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(CF_SSO_GUARD_|CLOUDFLARE_|PULUMI_)/.test(key)) continue;
    baseEnv[key] = value;
  }
  const runner = path.join(packDir, 'node_modules', '@pulumi', 'pulumi', 'cmd', 'run-policy-pack');
  const child: ChildProcess = spawn(process.execPath, [runner, engine.address, '.'], {
    cwd: packDir,
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const stderrWaiters: Array<{ text: string; from: number; resolve: (all: string) => void }> = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of stderrWaiters.splice(0)) {
      if (stderr.indexOf(waiter.text, waiter.from) >= 0) waiter.resolve(stderr);
      else stderrWaiters.push(waiter);
    }
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        child.stdout?.off('data', onData);
        resolve(buffered.slice(0, newline));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`policy pack exited (${code}) before printing its port:\n${stderr}`)));
  });
  const port = Number(firstLine.trim());
  const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  // AnalyzeRequest and AnalyzerResource carry a resource the same way: one filler for both.
  const describeResource = <T extends analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource>(target: T, resource: ResourceInput): T => {
    const type = resource.type ?? SSO_TYPE;
    target.setType(type);
    target.setName(resource.name);
    target.setUrn(urnOf(resource.name, type));
    target.setProperties(Struct.fromJavaScript(resource.props));
    target.setOptions(options());
    target.setProvider(provider());
    return target;
  };
  const toRequest = (resource: ResourceInput): analyzerPb.AnalyzeRequest => describeResource(new analyzerPb.AnalyzeRequest(), resource);

  return {
    port,
    firstLine,
    stderr: () => stderr,
    waitForStderr: (text, from = 0) =>
      stderr.indexOf(text, from) >= 0 ? Promise.resolve(stderr) : new Promise<string>((resolve) => stderrWaiters.push({ text, from, resolve })),
    engineLogs: engine.logs,
    info: () => unary(client.getAnalyzerInfo.bind(client), new Empty()),
    async configureStack(values) {
      const request = new analyzerPb.AnalyzerStackConfigureRequest();
      request.setStack(values.stack);
      request.setProject(values.project);
      request.setDryRun(values.dryRun);
      for (const [key, value] of Object.entries(values.config ?? {})) request.getConfigMap().set(key, value);
      await unary(client.configureStack.bind(client), request);
    },
    async configure(config) {
      const request = new analyzerPb.ConfigureAnalyzerRequest();
      for (const [name, entry] of Object.entries(config)) {
        const policyConfig = new analyzerPb.PolicyConfig();
        policyConfig.setEnforcementlevel(LEVEL_CODES[entry.enforcementLevel ?? 'mandatory']);
        policyConfig.setProperties(Struct.fromJavaScript(entry.properties ?? {}));
        request.getPolicyconfigMap().set(name, policyConfig);
      }
      await unary(client.configure.bind(client), request);
    },
    analyze: async (resource) => toDiagnostics(await unary(client.analyze.bind(client), toRequest(resource))),
    async remediate(resource) {
      const response = await unary<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>(client.remediate.bind(client), toRequest(resource));
      return {
        remediations: response.getRemediationsList().map((r) => ({
          policyName: r.getPolicyname(),
          policyPackName: r.getPolicypackname(),
          description: r.getDescription(),
          ...(r.getProperties() !== undefined ? { properties: r.getProperties()?.toJavaScript() } : {}),
          diagnostic: r.getDiagnostic(),
        })),
        notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
      };
    },
    async analyzeStack(resources) {
      const request = new analyzerPb.AnalyzeStackRequest();
      const stackType = 'pulumi:pulumi:Stack';
      const stack = new analyzerPb.AnalyzerResource();
      stack.setType(stackType);
      stack.setName('cf-sso-guard-dev');
      stack.setUrn(urnOf('cf-sso-guard-dev', stackType));
      stack.setProperties(Struct.fromJavaScript({}));
      stack.setOptions(options());
      const list = [stack];
      for (const resource of resources) {
        const item = describeResource(new analyzerPb.AnalyzerResource(), resource);
        item.setParent(stack.getUrn());
        list.push(item);
      }
      request.setResourcesList(list);
      return toDiagnostics(await unary(client.analyzeStack.bind(client), request));
    },
    async close() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      await engine.close();
    },
  };
}

/** `file:line:column` of the first line of a fixture that contains `text` (column of its first non-space). */
export function locate(fileText: string, text: string): { line: number; column: number } {
  const lines = fileText.split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`fixture has no line with ${text}`);
  const line = lines[index];
  return { line: index + 1, column: line.length - line.trimStart().length + 1 };
}
