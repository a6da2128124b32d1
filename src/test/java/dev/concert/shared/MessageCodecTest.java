package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.concert.NewConcert;
import dev.concert.payment.PaymentMessages;
import dev.concert.queue.QueueMessages;
import dev.concert.reservation.ReservationMessages;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Locally a message is the same object; across a cluster it is bytes that decode to an equal one of the same type. */
class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  record WithArray(Long head, long[] departed) implements BusMessage {}

  /** Not a bus message: a peer cannot make this instance build it. */
  record Stranger(String name) {}

  @Test
  void aLocalMessageIsPassedAsIsNotCopied() {
    ReservationMessages.Hold hold = new ReservationMessages.Hold(7, List.of(1, 2), "u1");
    assertThat(codec.transform(hold)).isSameAs(hold);
    JsonObject reply = new JsonObject().put("reservationId", "r1");
    assertThat(codec.transform(reply)).isSameAs(reply);
  }

  @Test
  void overTheWireEachMessageDecodesToAnEqualOneOfItsType() {
    JsonObject body = new JsonObject().put("reservationId", "r1").put("amount", 3000L)
        .put("seatNumbers", new JsonArray().add(1).add(2)).put("paidAt", "2026-01-01T00:00:00Z");
    List<Object> messages = List.of(
        new ReservationMessages.Hold(7, List.of(1, 2, 3), "u1"),
        new PaymentMessages.Pay("u1", "r1", null, "t1", null),
        new PaymentMessages.Pay("u1", "r1", "k1", "t1", 12L),
        new PaymentMessages.Replayed(new StatusReply(201, body)),
        PaymentMessages.Replayed.NONE,
        new QueueMessages.EndToken("u1", "t1", null),
        new QueueMessages.Issued(true, new JsonObject().put("token", "x").put("position", 12L)),
        new NewConcert("Night", List.of(new NewConcert.NewSchedule(Instant.parse("2027-05-01T19:00:00Z"), 50, 5000)),
            Instant.parse("2027-04-01T10:00:00Z"), 100, null),
        new NewConcert("Stadium", List.of(new NewConcert.NewSchedule(Instant.parse("2027-05-01T19:00:00Z"), 0, 0, 3L,
            List.of(new dev.concert.concert.Grade("VIP", 90_000, List.of("101", "Floor")))))),
        new dev.concert.venues.NewVenue("Arena", List.of(
            dev.concert.venues.SectionLayout.seated("101", List.of("A", "B"), List.of(10, 12), null),
            dev.concert.venues.SectionLayout.standing("Floor", 500, new JsonObject().put("x", 1.0).put("y", 2.0)
                .put("width", 30.0).put("height", 40.0).put("rotation", 0.0)))),
        new dev.concert.venues.VenueMessages.VenueById(4),
        new dev.concert.concert.ConcertMessages.SeatMap(4, false, 17L),
        new dev.concert.concert.ConcertMessages.Sections(4),
        new dev.concert.queue.RoomControlsMessages.Change(3, new dev.concert.queue.ControlsChange(50, null, true,
            Instant.parse("2027-04-01T10:00:00Z"), null, true)),
        new dev.concert.queue.RoomControlsMessages.RoomOf(3),
        Done.DONE,
        body);
    for (Object message : messages) {
      assertThat(roundTrip(message)).isInstanceOf(message.getClass()).isEqualTo(message);
    }
  }

  @Test
  void arraysAndNullsSurviveTheWire() {
    WithArray decoded = (WithArray) roundTrip(new WithArray(null, new long[] {3, 5}));
    assertThat(decoded.head()).isNull();
    assertThat(decoded.departed()).containsExactly(3, 5);
  }

  @Test
  void aTypeThatIsNoBusMessageIsRefusedOnTheWire() {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, new Stranger("x"));
    assertThatThrownBy(() -> codec.decodeFromWire(0, wire)).isInstanceOf(DecodeException.class);
  }

  @Test
  void fieldsAPeerDoesNotKnowAreIgnored() {
    byte[] type = QueueMessages.Ended.class.getName().getBytes(StandardCharsets.UTF_8);
    byte[] json = "{\"ended\":true,\"addedLater\":1}".getBytes(StandardCharsets.UTF_8);
    Buffer wire = Buffer.buffer().appendInt(type.length).appendBytes(type).appendInt(json.length).appendBytes(json);
    assertThat(codec.decodeFromWire(0, wire)).isEqualTo(new QueueMessages.Ended(true));
  }

  /** As the clustered bus does: the message after some bytes of its own, read back from its position. */
  private Object roundTrip(Object message) {
    Buffer wire = Buffer.buffer().appendString("frame");
    codec.encodeToWire(wire, message);
    return codec.decodeFromWire(5, wire);
  }
}
