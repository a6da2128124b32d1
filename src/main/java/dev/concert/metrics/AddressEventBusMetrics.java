package dev.concert.metrics;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;

/**
 * Vert.x's event-bus metrics SPI recorded into {@link EventBusMeters}, per feature address and
 * side. Reply and internal addresses ({@code __vertx.*}) are not counted.
 */
final class AddressEventBusMetrics implements EventBusMetrics<EventBusMeters.Address> {
  private final EventBusMeters meters;

  AddressEventBusMetrics(EventBusMeters meters) {
    this.meters = meters;
  }

  @Override
  public EventBusMeters.Address handlerRegistered(String address) {
    if (!EventBusMeters.counted(address)) {
      return null;
    }
    EventBusMeters.Address handler = meters.address(address);
    handler.handlers.increment();
    return handler;
  }

  @Override
  public void handlerUnregistered(EventBusMeters.Address handler) {
    if (handler != null) {
      handler.handlers.decrement();
    }
  }

  @Override
  public void scheduleMessage(EventBusMeters.Address handler, boolean local) {
    if (handler != null) {
      handler.side(local).pending.increment();
    }
  }

  @Override
  public void messageDelivered(EventBusMeters.Address handler, boolean local) {
    if (handler != null) {
      EventBusMeters.Side side = handler.side(local);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(EventBusMeters.Address handler, boolean local, Message<?> msg) {
    if (handler != null) {
      EventBusMeters.Side side = handler.side(local);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (EventBusMeters.counted(address)) {
      EventBusMeters.Side side = meters.address(address).side(local);
      (publish ? side.published : side.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (EventBusMeters.counted(address)) {
      EventBusMeters.Side side = meters.address(address).side(local);
      side.received.increment();
      if (handlers > 0) {
        side.delivered.increment();
      }
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (EventBusMeters.counted(address)) {
      meters.address(address).replyFailed(failure.name());
    }
  }
}
