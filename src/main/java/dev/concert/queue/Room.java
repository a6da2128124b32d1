package dev.concert.queue;

import java.time.Instant;
import java.util.List;

/**
 * A waiting room: the service-wide one ({@code concertId} null, open from the start) or one
 * concert's, with its opening and its own rate and cap. Its Redis keys share one hash tag
 * ({@code {room:<concertId>}}; the service-wide room keeps the queue's original {@code {q}}, so its
 * keys keep their names) so that every script of a room touches one cluster slot and a Redis
 * Cluster can spread rooms over shards.
 *
 * <p>{@code ownRoom}: the concert was created with an opening, rate or cap of its own, so it is
 * sold through this room only (service-wide tokens do not open it).
 *
 * <p>The operators' live controls ({@code PATCH /admin/concerts/{id}}, see {@link RoomControls}):
 * {@code paused} (nobody is admitted), {@code closesAt} (the sale's end; null: none) and
 * {@code controlsVersion}, bumped by every change, which keeps Redis's live copy of the rate, cap
 * and pause from going back to an older one.
 */
public record Room(Long concertId, Instant opensAt, int admitPerSecond, int maxActive, byte[] seed, boolean ownRoom,
    boolean paused, Instant closesAt, long controlsVersion) {
  public static final String SERVICE_WIDE = "all";

  /** A room that service-wide tokens also open. */
  public Room(Long concertId, Instant opensAt, int admitPerSecond, int maxActive, byte[] seed) {
    this(concertId, opensAt, admitPerSecond, maxActive, seed, false);
  }

  /** A room as created: not paused, no close, no change yet. */
  public Room(Long concertId, Instant opensAt, int admitPerSecond, int maxActive, byte[] seed, boolean ownRoom) {
    this(concertId, opensAt, admitPerSecond, maxActive, seed, ownRoom, false, null, 0);
  }

  /** Whether the sale has closed at {@code now} (no token is issued, nothing held). */
  public boolean closedAt(Instant now) {
    return closesAt != null && !now.isBefore(closesAt);
  }

  public static Room serviceWide(int admitPerSecond, int maxActive) {
    return new Room(null, null, admitPerSecond, maxActive, null);
  }

  /** {@code all} or the concert id: the room's name in keys, metrics and the timer's list. */
  public String id() {
    return concertId == null ? SERVICE_WIDE : concertId.toString();
  }

  /** The opening instant in epoch ms, 0 for a room without one. */
  public long opensAtMillis() {
    return opensAt == null ? 0 : opensAt.toEpochMilli();
  }

  public boolean hasOpening() {
    return opensAt != null;
  }

  private String key(String name) {
    return concertId == null ? "queue:{q}:" + name : "queue:{room:" + concertId + "}:" + name;
  }

  String pre() {
    return key("pre");
  }

  String waiting() {
    return key("waiting");
  }

  String active() {
    return key("active");
  }

  String seen() {
    return key("seen");
  }

  String owner() {
    return key("owner");
  }

  String sequence() {
    return key("seq");
  }

  /** Tokens restored after a loss of Redis's data (each at most once). */
  String restored() {
    return key("restored");
  }

  /**
   * Scores of tokens that left the line other than from its head (abandoned, ended), still above
   * its head: what a stream's position derived from its own score must not count.
   */
  String departed() {
    return key("departed");
  }

  /**
   * Tokens that ended (tokenId -> end ms), kept the account grace after their end: an ended token
   * reads its user's account until then (queue_account.lua).
   */
  String ended() {
    return key("ended");
  }

  /** The pub/sub channel told when the line moves (see {@link LineMoves}); a channel, not a key. */
  String moves() {
    return key("moves");
  }

  String bucket() {
    return key("bucket");
  }

  String meta() {
    return key("meta");
  }

  /**
   * The live copy of the operators' controls (version, rate, cap, paused), which the admission
   * script reads (queue_admit.lua, queue_controls.lua).
   */
  String controls() {
    return key("controls");
  }

  String opening() {
    return key("opening");
  }

  String userPrefix() {
    return key("user:");
  }

  String user(String userId) {
    return userPrefix() + userId;
  }

  List<String> issueKeys(String userId) {
    return List.of(pre(), waiting(), active(), seen(), owner(), sequence(), meta(), user(userId));
  }

  List<String> stateKeys(String userId) {
    return List.of(pre(), waiting(), active(), seen(), meta(), user(userId), owner(), sequence(), restored());
  }

  List<String> admitKeys() {
    return List.of(pre(), waiting(), active(), seen(), owner(), bucket(), meta(), departed(), ended(), controls());
  }

  List<String> endKeys(String userId) {
    return List.of(pre(), waiting(), active(), seen(), owner(), user(userId), departed(), ended());
  }

  List<String> accountKeys() {
    return List.of(pre(), waiting(), active(), ended());
  }

  List<String> openKeys() {
    return List.of(pre(), waiting(), meta(), opening());
  }
}
