// The vocabulary of cleanup: what detection finds, what a plan proposes, and what executing it did.
import type { ProcIdentity, ProcKey, ProcState, ServerView, StatusLevel } from '../types.js';

/** Why a process is proposed for cleanup; also the flags shown in the table (ServerView.flags). */
export const CLEANUP_REASONS = ['zombie', 'orphan', 'respawn', 'runaway', 'duplicate'] as const;
export type CleanupReason = (typeof CLEANUP_REASONS)[number];

/** What detection reads: a Snapshot satisfies this, and so does the Monitor-less scan of `mcptop cleanup`. */
export interface CleanupServer extends Pick<ServerView, 'key' | 'label' | 'pid' | 'command' | 'processes'> {
  /** Current status; a 'crit' level makes the server a runaway. Absent when no thresholds were evaluated. */
  readonly status?: { readonly level: StatusLevel; readonly reasons: readonly string[] };
}

export interface CleanupSnapshot {
  /** Clock time of the sample, ms (only differences matter). */
  readonly t: number;
  readonly servers: readonly CleanupServer[];
}

/** A process outside (or inside) the watched set, described well enough to name it as evidence. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid?: number;
  readonly comm: string;
  /** Full command line when known. */
  readonly command?: string;
  readonly startTime?: number;
  readonly uid?: number;
}

/** Extra facts for detection that a Snapshot does not carry (the Monitor-less scan has them all). */
export interface DetectContext {
  /** Any visible process by pid: parents of orphans and hosts of duplicates outside the watched set. */
  readonly procs?: ReadonlyMap<number, ProcInfo>;
}

/** One watched process as cleanup sees it. */
export interface CleanupProc extends ProcIdentity {
  readonly ppid: number;
  readonly comm: string;
  readonly command: string;
  readonly state: ProcState;
  readonly uid?: number;
  /** Process start, ms since the epoch, when known. */
  readonly startedAtMs?: number;
  /** Key of the server (tree) this process belongs to. */
  readonly serverKey: ProcKey;
  readonly serverLabel: string;
  readonly depth: number;
}

export interface DetectRules {
  /** An orphan must be at least this old, ms (the CLI's --min-age, in seconds there). */
  readonly minAgeMs: number;
  /** A zombie must be seen in at least this many consecutive samples. */
  readonly zombieMinSamples: number;
  /** Start times closer than this belong to one generation of duplicates, ms. */
  readonly generationGapMs: number;
  /** A parent that started at least `respawnMinBirths` watched processes within `respawnWindowMs` is a respawn loop. */
  readonly respawnMinBirths: number;
  readonly respawnWindowMs: number;
  /** Extra pids to treat as subreapers (besides PID 1 and init-like processes). */
  readonly subreaperPids?: readonly number[];
  /** How many ticks of births the sparkline keeps. */
  readonly birthHistory: number;
}

export const DEFAULT_DETECT_RULES: DetectRules = {
  minAgeMs: 60_000,
  zombieMinSamples: 2,
  generationGapMs: 5_000,
  respawnMinBirths: 3,
  respawnWindowMs: 60_000,
  birthHistory: 60,
};

export interface OrphanFinding {
  readonly proc: CleanupProc;
  readonly parent: ProcInfo;
  /** Why the parent counts as a reaper ("PID 1", "systemd --user"...). */
  readonly parentKind: string;
  /** Age, ms; from the start time, else from when mcptop first saw it (then `ageFromStart` is false). */
  readonly ageMs: number;
  readonly ageFromStart: boolean;
}

export interface DuplicateSet {
  readonly command: string;
  /** Oldest first; the last one is the copy that is kept. */
  readonly members: readonly CleanupProc[];
}

/** Copies of the same command lines under one parent, with their start times clustered into generations. */
export interface DuplicateGroup {
  readonly parent: ProcInfo;
  readonly sets: readonly DuplicateSet[];
  /** Start-time clusters over every child of the parent in `sets`, oldest first. */
  readonly generations: number;
  /** "5 generations of 4 servers under 812 (claude)". */
  readonly summary: string;
}

export interface ZombieFinding {
  readonly proc: CleanupProc;
  /** The parent that does not reap it: what must be fixed or ended. */
  readonly parent: ProcInfo;
  readonly parentWatched: boolean;
  readonly samples: number;
  /** How long it has been a zombie, ms (clock time since first seen as Z). */
  readonly forMs: number;
}

export interface RunawayFinding {
  readonly serverKey: ProcKey;
  readonly label: string;
  readonly root: CleanupProc;
  readonly reasons: readonly string[];
}

export interface RespawnFinding {
  readonly parent: ProcInfo;
  readonly parentWatched: boolean;
  readonly births: number;
  readonly windowMs: number;
  /** Births per tick under this parent, oldest first (for a sparkline). */
  readonly series: readonly number[];
}

/** Everything one detection pass found. */
export interface Detection {
  readonly t: number;
  /** Flags of each watched process. */
  readonly flags: ReadonlyMap<ProcKey, readonly CleanupReason[]>;
  /** Flags of each server: its members' flags, plus runaway. */
  readonly serverFlags: ReadonlyMap<ProcKey, readonly CleanupReason[]>;
  readonly orphans: readonly OrphanFinding[];
  readonly duplicates: readonly DuplicateGroup[];
  readonly zombies: readonly ZombieFinding[];
  readonly runaways: readonly RunawayFinding[];
  readonly respawns: readonly RespawnFinding[];
  /** Births of watched processes per tick, oldest first (the first tick counts none). */
  readonly birthsPerTick: readonly number[];
  /** Every watched process of this pass by key (the plan needs trees and the watched set). */
  readonly procs: ReadonlyMap<ProcKey, CleanupProc>;
}

/** One process a plan item would signal. */
export interface SignalTarget extends ProcIdentity {
  readonly command: string;
  readonly uid?: number;
}

/** One entry of the plan: a target process with its tree, and why. Selected by `key`. */
export interface CleanupItem {
  /** ProcKey of the target. */
  readonly key: ProcKey;
  readonly target: SignalTarget;
  /** The reason it is grouped under. */
  readonly reason: CleanupReason;
  /** Every reason that applies, with evidence, one line each. */
  readonly evidence: readonly string[];
  /** Exactly what would be signalled, parents before children. Zombies are left out (they are dead already). */
  readonly signals: readonly SignalTarget[];
  /** Set when the safety rules forbid it: the item is listed but cannot be selected. */
  readonly refused?: string;
}

export interface CleanupGroup {
  readonly reason: CleanupReason;
  readonly title: string;
  readonly items: readonly CleanupItem[];
}

export interface CleanupPlan {
  readonly t: number;
  /** Non-empty groups in CLEANUP_REASONS order. */
  readonly groups: readonly CleanupGroup[];
  /** The watched set the plan was made from: nothing outside it is ever signalled. */
  readonly watched: ReadonlySet<ProcKey>;
  /** Context lines: duplicate summaries, respawn rates, zombies whose parent is outside the watched set. */
  readonly notes: readonly string[];
  /** Births per tick, oldest first, for the birth-rate sparkline. */
  readonly birthsPerTick: readonly number[];
}

/** Result of one kill() attempt, as the Killer port reports it. */
export type SignalResult = 'sent' | 'gone' | 'reused' | 'denied';

/** What finally happened to one process. */
export const MEMBER_OUTCOMES = ['term', 'kill', 'gone', 'reused', 'denied', 'refused', 'survived'] as const;
export type MemberOutcome = (typeof MEMBER_OUTCOMES)[number];

export const OUTCOME_TEXT: Readonly<Record<MemberOutcome, string>> = {
  term: 'ended by TERM',
  kill: 'needed KILL',
  gone: 'already gone',
  reused: 'PID reused: not signalled',
  denied: 'permission denied (EPERM)',
  refused: 'refused',
  survived: 'still alive after KILL',
};

export interface MemberResult extends SignalTarget {
  readonly outcome: MemberOutcome;
  /** Time from the first signal to confirmed gone, ms. */
  readonly tookMs?: number;
}

export interface ItemResult {
  readonly key: ProcKey;
  readonly reason: CleanupReason;
  readonly target: SignalTarget;
  /** The item's outcome: the worst of its members (survived > denied > reused > refused > kill > term > gone). */
  readonly outcome: MemberOutcome;
  readonly members: readonly MemberResult[];
  readonly detail?: string;
}

export type CleanupPhase = 'term' | 'grace' | 'kill' | 'confirm' | 'done';

/** Progress of an execution, emitted after every step. */
export interface CleanupProgress {
  readonly phase: CleanupPhase;
  /** Members still alive after a signal. */
  readonly pending: number;
  /** Items settled so far (all of them once phase is 'done'). */
  readonly results: readonly ItemResult[];
}

/** One line of the cleanup log. */
export interface CleanupLogEntry {
  /** Clock time, ms since the epoch with the system clock. */
  readonly t: number;
  readonly pid: number;
  readonly startTime: number;
  readonly command: string;
  readonly reason: CleanupReason;
  /** The signal sent, or 'result' for the final outcome line of a process. */
  readonly signal: 'SIGTERM' | 'SIGKILL' | 'result';
  readonly outcome: SignalResult | MemberOutcome;
}

/** Where every signal is recorded (the file adapter appends lines). */
export interface CleanupLog {
  append(entry: CleanupLogEntry): void;
}
