// Adapts a SluiceLogger to the Temporal SDK's Logger interface, so SDK, Core and activity lines land in it.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { LogMethod, SluiceLogger } from '../runtime/logger';

const LEVEL: Record<LogLevel, keyof Omit<SluiceLogger, 'child'>> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export class SdkLogger implements TemporalLogger {
  constructor(private readonly logger: SluiceLogger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method: LogMethod = this.logger[LEVEL[level]];
    method.call(this.logger, meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
