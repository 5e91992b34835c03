/** Who runs a command: the operating-system user, as the audit log names the command line ('cli:<user>'). */
import os from 'node:os';

export function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
