package dev.concert.outbox;

import io.vertx.sqlclient.Row;
import java.util.UUID;

/** One unsent outbox row, as the relay publishes it: the value is the event JSON as stored. */
public record OutboxRow(long id, UUID eventId, String topic, String key, String type, String payload) {

  static OutboxRow from(Row row) {
    return new OutboxRow(row.getLong("id"), row.getUUID("event_id"), row.getString("topic"),
        row.getString("event_key"), row.getString("event_type"), row.getString("payload"));
  }
}
