package dev.concert.outbox;

import dev.concert.config.AppConfig;
import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Appends events to the outbox table on the caller's connection, inside the caller's transaction,
 * so an event exists if and only if its state change committed.
 */
public final class OutboxWriter {
  private static final String INSERT = Resources.sql("outbox/insert_event");
  private final String reservationTopic;
  private final String paymentTopic;

  public OutboxWriter(AppConfig config) {
    this.reservationTopic = config.reservationTopic();
    this.paymentTopic = config.paymentTopic();
  }

  public Future<Void> appendAll(SqlConnection transaction, List<DomainEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return transaction.preparedQuery(INSERT).executeBatch(events.stream().map(this::row).toList()).mapEmpty();
  }

  public String topicOf(EventType type) {
    return type.topic() == EventType.Topic.PAYMENTS ? paymentTopic : reservationTopic;
  }

  private Tuple row(DomainEvent event) {
    return Tuple.of(event.eventId(), topicOf(event.type()), event.key(), event.type().name(), event.toJson());
  }
}
