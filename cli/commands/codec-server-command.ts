// `sluice codec-server`: serves /decode (and /encode with --allow-encode) with the configured keys, for the Web UI and the Temporal CLI.
import type { Command } from 'commander';
import { parseEnv } from '../../runtime/parse-env';
import { startCodecServer } from '../../runtime/codec/codec-server';
import { codecServerConfigSchema } from '../../runtime/codec/codec-server-config';
import { EncryptionCodec } from '../../runtime/codec/encryption-codec';
import { UsageError } from '../exit-codes';

interface CodecServerFlags {
  port: string;
  host: string;
  corsOrigin?: string[];
  allowEncode?: boolean;
  allowNoToken?: boolean;
}

const DEFAULT_UI_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

export function registerCodecServerCommand(program: Command): void {
  program
    .command('codec-server')
    .description('decode (and encode) payloads for the Web UI (SLUICE_ENCRYPTION_KEYS, SLUICE_CODEC_TOKEN)')
    .option('--port <port>', 'port to listen on', '8888')
    .option(
      '--host <host>',
      'address to listen on (beyond loopback only with SLUICE_CODEC_TOKEN)',
      '127.0.0.1',
    )
    .option('--allow-encode', 'serve /encode too: callers may then encrypt payloads the workers trust')
    .option(
      '--allow-no-token',
      'listen beyond loopback without SLUICE_CODEC_TOKEN (something else guards the port)',
    )
    .option(
      '--cors-origin <origin>',
      `a Web UI origin allowed to call (repeatable; default ${DEFAULT_UI_ORIGINS.join(', ')})`,
      (origin: string, previous: string[] = []) => [...previous, origin],
    )
    .action(async (flags: CodecServerFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port must be a port number (0-65535), got "${flags.port}"`);
      const corsOrigins = flags.corsOrigin ?? DEFAULT_UI_ORIGINS;
      const notOrigin = corsOrigins.find((origin) => URL.parse(origin)?.origin !== origin);
      if (notOrigin !== undefined)
        throw new UsageError(
          `--cors-origin must be an origin like http://localhost:8233, got "${notOrigin}"`,
        );
      const config = parseEnv(codecServerConfigSchema, process.env);
      const server = await startCodecServer({
        codec: new EncryptionCodec(config.SLUICE_ENCRYPTION_KEYS),
        corsOrigins,
        ...(config.SLUICE_CODEC_TOKEN ? { token: config.SLUICE_CODEC_TOKEN } : {}),
        allowEncode: flags.allowEncode === true,
        allowNoToken: flags.allowNoToken === true,
        host: flags.host,
        port,
      });
      process.stdout.write(
        `codec server listening on ${server.url} (keys ${config.SLUICE_ENCRYPTION_KEYS?.ids.join(', ')}; ` +
          `bearer token ${config.SLUICE_CODEC_TOKEN ? 'required' : 'off'}; /encode ${flags.allowEncode ? 'on' : 'off'})\n`,
      );
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await server.close();
    });
}
