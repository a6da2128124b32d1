package dev.concert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

class EventBusMetersTest extends RegistryFixture {
  private final AddressEventBusMetrics metrics = new AddressEventBusMetrics(new EventBusMeters(registry));

  @Test
  void sameLoopAddressesAreLabelledByTheirFeatureAddress() {
    assertThat(EventBusMeters.label("queue.issue@vert.x-eventloop-thread-1")).isEqualTo("queue.issue");
    assertThat(EventBusMeters.label("queue.issue")).isEqualTo("queue.issue");

    metrics.handlerRegistered("queue.issue@vert.x-eventloop-thread-0");
    metrics.handlerRegistered("queue.issue@vert.x-eventloop-thread-1");
    metrics.handlerRegistered("queue.issue");
    assertThat(scrape().sum("vertx_eventbus_handlers", "address=\"queue.issue\"")).isEqualTo(3.0);
    assertThat(registry.scrape()).doesNotContain("@");
  }

  @Test
  void aRequestIsSentReceivedDeliveredAndProcessedOnce() {
    var handler = metrics.handlerRegistered("holds.place@vert.x-eventloop-thread-0");
    metrics.messageSent("holds.place@vert.x-eventloop-thread-0", false, true, false);
    metrics.messageReceived("holds.place@vert.x-eventloop-thread-0", false, true, 1);
    metrics.scheduleMessage(handler, true);
    assertThat(scrape().sum("vertx_eventbus_pending", "address=\"holds.place\"", "side=\"local\"")).isEqualTo(1.0);
    metrics.messageDelivered(handler, true);

    PrometheusText text = scrape();
    for (String counter : new String[] {"sent", "received", "delivered", "processed"}) {
      assertThat(text.sum("vertx_eventbus_" + counter + "_total", "address=\"holds.place\"", "side=\"local\""))
          .as(counter).isEqualTo(1.0);
    }
    assertThat(text.sum("vertx_eventbus_pending", "address=\"holds.place\"")).isZero();
    assertThat(text.sum("vertx_eventbus_published_total")).isZero();
    assertThat(registry.scrape()).as("an unused side exports nothing").doesNotContain("side=\"remote\"");
  }

  @Test
  void aDiscardedMessageIsNoLongerPending() {
    var handler = metrics.handlerRegistered("a");
    metrics.scheduleMessage(handler, true);
    metrics.discardMessage(handler, true, null);
    PrometheusText text = scrape();
    assertThat(text.sum("vertx_eventbus_pending", "address=\"a\"")).isZero();
    assertThat(text.sum("vertx_eventbus_discarded_total", "address=\"a\"")).isEqualTo(1.0);
  }

  @Test
  void replyFailuresAreCountedPerAddressAndKind() {
    metrics.replyFailure("payments.pay@vert.x-eventloop-thread-0", ReplyFailure.RECIPIENT_FAILURE);
    metrics.replyFailure("payments.pay", ReplyFailure.RECIPIENT_FAILURE);
    metrics.replyFailure("payments.pay", ReplyFailure.TIMEOUT);
    PrometheusText text = scrape();
    assertThat(text.sum("vertx_eventbus_reply_failures_total", "address=\"payments.pay\"", "failure=\"RECIPIENT_FAILURE\""))
        .isEqualTo(2.0);
    assertThat(text.sum("vertx_eventbus_reply_failures_total", "failure=\"TIMEOUT\"")).isEqualTo(1.0);
  }

  @Test
  void replyAndInternalAddressesAreNotCounted() {
    assertThat(metrics.handlerRegistered("__vertx.reply.17")).isNull();
    metrics.messageSent("__vertx.reply.17", false, true, false);
    metrics.messageReceived("__vertx.reply.17", false, true, 1);
    metrics.replyFailure("__vertx.reply.17", ReplyFailure.TIMEOUT);
    assertThat(registry.scrape()).doesNotContain("vertx_eventbus");
  }
}
