// The Temporal CLI's TOML profile with the TEMPORAL_* variables over it, read by @temporalio/envconfig, each problem named.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadClientConfig, loadClientConfigProfile, type ClientConfigProfile } from '@temporalio/envconfig';
import type { EnvProblem } from './parse-env';

/** A profile file that exists: named by TEMPORAL_CONFIG_FILE, or at the CLI's default location. */
export interface TemporalConfigFile {
  path: string;
  text: string;
}

export interface LoadedProfile {
  /** envconfig's profile: the file's values, each overridden by its variable when that is set. */
  profile: ClientConfigProfile;
  file?: TemporalConfigFile;
  /** TEMPORAL_PROFILE, else "default" (a missing "default" profile is no error, as in the CLI). */
  name: string;
}

/** Where the Temporal CLI looks when TEMPORAL_CONFIG_FILE is unset (undefined without a home folder). */
export function defaultConfigFilePath(
  env: Record<string, string>,
  platform: NodeJS.Platform = os.platform(),
): string | undefined {
  const configDir = userConfigDir(env, platform);
  return configDir ? path.join(configDir, 'temporalio', 'temporal.toml') : undefined;
}

function userConfigDir(env: Record<string, string>, platform: NodeJS.Platform): string | undefined {
  if (platform === 'win32') return env.APPDATA;
  if (platform === 'darwin') return env.HOME && path.join(env.HOME, 'Library', 'Application Support');
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg) return path.isAbsolute(xdg) ? xdg : undefined;
  return env.HOME && path.join(env.HOME, '.config');
}

/** Loads the profile for `env` (Temporal's names only); on any problem, still the variables alone, to check too. */
export function loadProfile(env: Record<string, string>, problems: EnvProblem[]): LoadedProfile {
  const name = env.TEMPORAL_PROFILE ?? 'default';
  const file = readConfigFile(env, problems);
  const variablesOnly = () => loadClientConfigProfile({ disableFile: true, overrideEnvVars: env });
  if (!file) {
    if (env.TEMPORAL_PROFILE)
      problems.push({
        variable: 'TEMPORAL_PROFILE',
        message: `no Temporal config file to find it in (${defaultConfigFilePath(env) ?? 'no home folder'}: no such file); set TEMPORAL_CONFIG_FILE to one`,
      });
    return { profile: variablesOnly(), name };
  }
  try {
    const profile = loadClientConfigProfile({
      configSource: { data: file.text },
      ...(env.TEMPORAL_PROFILE ? { profile: name } : {}),
      overrideEnvVars: env,
    });
    return { profile, file, name };
  } catch (err) {
    problems.push(fileProblem(err as Error, file, name));
    return { profile: variablesOnly(), file, name };
  }
}

function readConfigFile(env: Record<string, string>, problems: EnvProblem[]): TemporalConfigFile | undefined {
  const named = env.TEMPORAL_CONFIG_FILE;
  const filePath = named ?? defaultConfigFilePath(env);
  if (filePath === undefined) return undefined;
  try {
    return { path: filePath, text: readFileSync(filePath, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && named === undefined) return undefined;
    const reason = `cannot read it (${fileErrorReason(err)})`;
    problems.push(
      named === undefined
        ? { message: `${filePath} (the Temporal CLI's config file): ${reason}` }
        : {
            variable: 'TEMPORAL_CONFIG_FILE',
            message: `${reason}; point it at a TOML profile file or unset it`,
          },
    );
    return undefined;
  }
}

/** Why a file cannot be read, in words; the path is in the message around it. */
export function fileErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a folder, not a file';
  return code ?? (err as Error).message;
}

/**
 * A TOML syntax error says where only: the parser's own message quotes the lines around it, which may hold
 * an API key or a private key.
 */
function fileProblem(err: Error, file: TemporalConfigFile, name: string): EnvProblem {
  const at = err as Error & { line?: unknown; column?: unknown };
  if (typeof at.line === 'number' && typeof at.column === 'number') {
    const what = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    return { message: `${file.path}: not valid TOML at line ${at.line}, column ${at.column} (${what})` };
  }
  if (/^Profile '.*' not found/.test(err.message))
    return {
      variable: 'TEMPORAL_PROFILE',
      message: `no [profile.${name}] in ${file.path}${profilesIn(file)}`,
    };
  return { message: `${file.path} [profile.${name}]: ${err.message}` };
}

function profilesIn(file: TemporalConfigFile): string {
  try {
    const names = Object.keys(loadClientConfig({ configSource: { data: file.text } }).profiles);
    return names.length === 0 ? ' (it has no profiles)' : ` (it has ${names.join(', ')})`;
  } catch {
    return '';
  }
}
