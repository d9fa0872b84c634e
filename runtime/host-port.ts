// A `host:port` address, as gRPC and the metrics exporter take it.
import { z } from 'zod';

export const hostPort = z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. localhost:7233');
