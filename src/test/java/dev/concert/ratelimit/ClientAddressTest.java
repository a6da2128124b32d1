package dev.concert.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void withoutTrustedProxiesForwardedForIsIgnored() {
    ClientAddress address = ClientAddress.trusting(List.of());
    assertThat(address.of("198.51.100.9", "203.0.113.7")).isEqualTo("198.51.100.9");
  }

  @Test
  void forwardedForIsBelievedOnlyFromATrustedProxy() {
    ClientAddress address = ClientAddress.trusting(List.of("10.0.0.0/8", "127.0.0.1"));
    assertThat(address.of("127.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(address.of("10.1.2.3", "203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(address.of("198.51.100.9", "203.0.113.7")).as("not a proxy of ours").isEqualTo("198.51.100.9");
    assertThat(address.of("127.0.0.1", null)).isEqualTo("127.0.0.1");
  }

  @Test
  void theClientIsTheRightmostHopThatIsNotATrustedProxy() {
    ClientAddress address = ClientAddress.trusting(List.of("10.0.0.0/8"));
    // The client wrote "1.1.1.1" itself; the proxies appended the real client, then each other.
    assertThat(address.of("10.0.0.2", "1.1.1.1, 203.0.113.7, 10.0.0.1")).isEqualTo("203.0.113.7");
    assertThat(address.of("10.0.0.2", "10.0.0.3, 10.0.0.1")).as("only proxies: the leftmost").isEqualTo("10.0.0.3");
    assertThat(address.of("10.0.0.2", "garbage, 203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(address.of("10.0.0.2", "not-an-address")).isEqualTo("10.0.0.2");
    assertThat(address.of("10.0.0.2", "203.0.113.7:4711")).isEqualTo("203.0.113.7");
    assertThat(address.of("10.0.0.2", "[2001:db8::1]:4711")).isEqualTo("2001:db8::1");
  }

  @Test
  void ipv6BlocksMatch() {
    ClientAddress address = ClientAddress.trusting(List.of("fd00::/8"));
    assertThat(address.of("fd12::1", "2001:db8::7")).isEqualTo("2001:db8::7");
    assertThat(address.of("fe80::1", "2001:db8::7")).isEqualTo("fe80::1");
  }

  @Test
  void badEntriesAreRefused() {
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.example"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
  }
}
