package dev.concert.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TicketCodesTest {
  private final TicketCodes codes = new TicketCodes("a-secret-of-enough-length");

  @Test
  void aCodeNamesItsReservationAndSeat() {
    UUID reservation = UUID.randomUUID();
    String code = codes.code(reservation, 17);
    assertThat(code).matches("[A-Za-z0-9_-]{46}");
    assertThat(codes.verify(code)).contains(new TicketCodes.Ticket(reservation, 17));
    assertThat(codes.code(reservation, 17)).isEqualTo(code);
    assertThat(codes.code(reservation, 18)).isNotEqualTo(code);
  }

  @Test
  void anyChangeOrAnotherKeyIsRefused() {
    String code = codes.code(UUID.randomUUID(), 3);
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      String altered = code.substring(0, i) + (c == 'x' ? 'y' : 'x') + code.substring(i + 1);
      assertThat(codes.verify(altered)).as("changed at " + i).isEmpty();
    }
    assertThat(new TicketCodes("another-secret-of-length").verify(code)).isEmpty();
    assertThat(codes.verify("")).isEmpty();
    assertThat(codes.verify("***")).isEmpty();
    assertThat(codes.verify(code + "AA")).isEmpty();
  }

  @Test
  void placesAboveSixtyFiveThousandGetAWiderCodeAndEarlierCodesStayTheSame() {
    UUID reservation = UUID.randomUUID();
    assertThat(codes.code(reservation, 65_535)).hasSize(46);
    String wide = codes.code(reservation, 99_999);
    assertThat(wide).matches("[A-Za-z0-9_-]{48}");
    assertThat(codes.verify(wide)).contains(new TicketCodes.Ticket(reservation, 99_999));
    assertThat(codes.verify(codes.code(reservation, 65_536))).contains(new TicketCodes.Ticket(reservation, 65_536));
    for (int i = 0; i < wide.length() - 1; i++) {
      String altered = wide.substring(0, i) + (wide.charAt(i) == 'x' ? 'y' : 'x') + wide.substring(i + 1);
      assertThat(codes.verify(altered)).as("changed at " + i).isEmpty();
    }
  }
}
