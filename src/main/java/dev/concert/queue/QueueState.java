package dev.concert.queue;

/** Where a token stands: WAITING → ACTIVE → EXPIRED (paid, timed out, or dropped). */
public enum QueueState {
  WAITING,
  ACTIVE,
  EXPIRED
}
