import { withoutSqliteExperimentalWarning } from './quiet-load';
import { openNodeSqlite } from './node-sqlite';
import type { NodeSqliteModule } from './node-sqlite';
import type { BrainDatabase, OpenSqliteOptions } from './types';

/** Why a driver could not be had; the kinds map to causes and fixes in unavailable.ts. */
export type DriverFailure =
  /** better-sqlite3 is not in node_modules at all. */
  | { kind: 'not-installed'; detail: string }
  /** The package is there but its addon was never compiled (install script skipped or failed). */
  | { kind: 'not-built'; detail: string }
  /** The addon was compiled for another Node ABI (a Node upgrade since the install). */
  | { kind: 'wrong-abi'; builtFor: string | null; needs: string; detail: string }
  /** The addon exists but will not load for another reason (wrong platform, libc…). */
  | { kind: 'broken'; detail: string }
  /** This Node has no usable node:sqlite (it arrived unflagged in 22.13). */
  | { kind: 'no-node-sqlite'; nodeVersion: string };

/** A driver that loaded, and how it opens a connection. */
export interface LoadedDriver {
  open(file: string, options: OpenSqliteOptions): BrainDatabase;
}

export type DriverLoad = { ok: true; driver: LoadedDriver } | { ok: false; failure: DriverFailure };

type BetterSqliteConstructor = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => BrainDatabase;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sort a better-sqlite3 load error into the failure kinds users can act on. */
export function classifyBetterSqliteError(error: unknown, abi: string = process.versions.modules): DriverFailure {
  const detail = messageOf(error).replace(/\s+/g, ' ').trim();
  if ((error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND' && detail.includes("'better-sqlite3'")) return { kind: 'not-installed', detail };
  if (detail.includes('Could not locate the bindings file')) return { kind: 'not-built', detail };
  if (detail.includes('NODE_MODULE_VERSION')) {
    const builtFor = /using NODE_MODULE_VERSION (\d+)/.exec(detail)?.[1] ?? null;
    return { kind: 'wrong-abi', builtFor, needs: abi, detail };
  }
  return { kind: 'broken', detail };
}

/**
 * better-sqlite3 when its addon loads. `require` succeeds even without a built addon: the failure
 * comes from the first `new Database()` (TOOLCHAIN.md), so an in-memory connection is the probe.
 */
export function loadBetterSqlite3(): DriverLoad {
  let Database: BetterSqliteConstructor;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen
    Database = require('better-sqlite3') as BetterSqliteConstructor;
    new Database(':memory:').close();
  } catch (error) {
    return { ok: false, failure: classifyBetterSqliteError(error) };
  }
  return {
    ok: true,
    driver: { open: (file, options) => new Database(file, options.readonly ? { readonly: true, fileMustExist: true } : {}) },
  };
}

/** Node's built-in node:sqlite (22.13+), loaded without its one ExperimentalWarning (see quiet-load.ts). */
export function loadNodeSqlite(): DriverLoad {
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  let sqlite: NodeSqliteModule | undefined;
  if (typeof getBuiltinModule === 'function') {
    try {
      sqlite = withoutSqliteExperimentalWarning(() => getBuiltinModule.call(process, 'node:sqlite')) as NodeSqliteModule | undefined;
    } catch {
      sqlite = undefined;
    }
  }
  if (typeof sqlite?.DatabaseSync !== 'function') return { ok: false, failure: { kind: 'no-node-sqlite', nodeVersion: process.version } };
  const module = sqlite;
  return { ok: true, driver: { open: (file, options) => openNodeSqlite(module, file, options) } };
}
