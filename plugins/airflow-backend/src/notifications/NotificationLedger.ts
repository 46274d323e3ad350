/** One thing the notifier may send once: a run in a state, or a waiting approval. */
export interface NotificationSubject {
  kind: 'run' | 'approval';
  environment: string;
  dagId: string;
  runId: string;
  /** The run's state, or for an approval its task and map index. */
  state: string;
}

/** A subject this poll has claimed and alone may send. */
export interface NotificationClaim {
  key: string;
  token: string;
}

/**
 * What the notifier has sent, shared by every replica through the plugin's
 * database: a subject is sent by the one poll that claims it, once.
 */
export interface NotificationLedger {
  /**
   * Claims the subject for this poll; undefined when it was sent already or
   * another poll is sending it (a claim left unsent for longer than the
   * stale time, by a poll that died, may be taken over).
   */
  claim(subject: NotificationSubject): Promise<NotificationClaim | undefined>;
  /** The claimed subject has been sent: it never is again. */
  markSent(claim: NotificationClaim): Promise<void>;
  /** Sending failed: the next poll may claim the subject again. */
  release(claim: NotificationClaim): Promise<void>;
  /** Runs of the environment that ended before this time have been read. */
  readUntil(environment: string): Promise<Date | undefined>;
  setReadUntil(environment: string, until: Date): Promise<void>;
  /** Forgets what was sent before the cutoff; answers how many rows went. */
  deleteSentBefore(cutoff: Date): Promise<number>;
}
