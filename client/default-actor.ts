// Who a client acts as when SLUICE_ACTOR is unset: the login and the machine, user@host.
import { hostname, userInfo } from 'node:os';

export function defaultActor(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // A container's user may have no passwd entry: name the uid instead.
    user = `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return `${user}@${hostname()}`;
}
