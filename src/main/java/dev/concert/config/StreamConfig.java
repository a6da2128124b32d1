package dev.concert.config;

/**
 * Limits and timing of the server-sent event streams and of idle connections (see
 * docs/live-updates.md). A limit of 0 is off.
 *
 * @param perToken streams one token may have open, across instances; past it the token's oldest
 *     stream is ended (CONCERT_STREAMS_PER_TOKEN)
 * @param perAddress streams one client address may have open, across instances; past it a new one
 *     gets 429 RATE_LIMITED (CONCERT_STREAMS_PER_ADDRESS)
 * @param heartbeatSeconds how often an open stream sends a comment line, which keeps it under the
 *     idle timeout and renews its place in the counts (CONCERT_STREAM_HEARTBEAT_SECONDS)
 * @param idleTimeoutSeconds an HTTP connection that sends and receives nothing for this long is
 *     closed (CONCERT_HTTP_IDLE_TIMEOUT_SECONDS); streams stay open by their heartbeat
 */
public record StreamConfig(int perToken, int perAddress, int heartbeatSeconds, int idleTimeoutSeconds) {

  static StreamConfig from(EnvReader r) {
    int perToken = r.integer("CONCERT_STREAMS_PER_TOKEN", 2, 0, 1000);
    int perAddress = r.integer("CONCERT_STREAMS_PER_ADDRESS", 100, 0, 10_000_000);
    int heartbeat = r.integer("CONCERT_STREAM_HEARTBEAT_SECONDS", 15, 1, 300);
    int idle = r.integer("CONCERT_HTTP_IDLE_TIMEOUT_SECONDS", 60, 2, 3600);
    if (heartbeat * 2 > idle) {
      r.problem("CONCERT_STREAM_HEARTBEAT_SECONDS (" + heartbeat + ") must be at most half of "
          + "CONCERT_HTTP_IDLE_TIMEOUT_SECONDS (" + idle + "), or idle streams would be cut");
    }
    return new StreamConfig(perToken, perAddress, heartbeat, idle);
  }

  public long heartbeatMillis() {
    return heartbeatSeconds * 1000L;
  }

  /**
   * How long a stream's entry in the counts lives without being renewed (each heartbeat renews
   * it): the entries of an instance that died leave by themselves after this.
   */
  public long leaseMillis() {
    return 4 * heartbeatMillis();
  }

  /** Whether any limit is on (else streams cost Redis nothing). */
  public boolean limited() {
    return perToken > 0 || perAddress > 0;
  }
}
