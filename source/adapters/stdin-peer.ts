// StdinPeerSource over /proc: fd 0's link, and a search of one process's FDs for the other end of a pipe or socketpair.
import type { StdinLink } from '../core/discovery-rules.js';
import type { StdinPeerSource } from '../core/ports.js';
import { readFdAccess, readFdLink, readFdTargets } from './fd-targets.js';

/** FDs looked at per holder: an editor can hold thousands; its stdio pipes are among its low-numbered ones in practice. */
const PEER_SCAN_MAX = 4000;

/**
 * Whether a list of FD targets holds the peer of `stdin`: a pipe's other end has the same inode (the access mode
 * tells the write end from a shared read end); a socketpair's two ends get adjacent inodes (the kernel allocates
 * them back to back: the parent keeps N-1 when the child's stdin is N).
 */
export function holdsPeerIn(fds: readonly { fd: number; inode?: number; kind: string }[], stdin: StdinLink,
  accessOf: (fd: number) => 'r' | 'w' | 'rw' | undefined): boolean {
  if (stdin.inode === undefined) return false;
  for (const f of fds) {
    if (f.inode === undefined) continue;
    if (stdin.kind === 'pipe' && f.kind === 'pipe' && f.inode === stdin.inode && accessOf(f.fd) !== 'r') return true;
    if (stdin.kind === 'socket' && f.kind === 'socket' && Math.abs(f.inode - stdin.inode) === 1) return true;
  }
  return false;
}

export const procStdinPeers: StdinPeerSource = {
  stdinLink(pid) {
    const link = readFdLink(pid, 0);
    return link === 'gone' || link === 'denied' ? undefined : link;
  },
  holdsPeer(pid, stdin) {
    const got = readFdTargets(pid, PEER_SCAN_MAX);
    if (typeof got !== 'object') return undefined;
    return holdsPeerIn(got.fds, stdin, (fd) => readFdAccess(pid, fd));
  },
};
