package dev.concert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream limits and timeouts: defaults, 0 turns a limit off, a heartbeat that would be cut is refused. */
class StreamConfigTest {
  @Test
  void defaults() {
    StreamConfig streams = Env.config(Map.of()).streams();
    assertThat(streams).isEqualTo(new StreamConfig(2, 100, 15, 60));
    assertThat(streams.leaseMillis()).isEqualTo(60_000);
    assertThat(streams.limited()).isTrue();
  }

  @Test
  void zeroTurnsEachLimitOff() {
    assertThat(Env.config(Map.of("CONCERT_STREAMS_PER_TOKEN", "0", "CONCERT_STREAMS_PER_ADDRESS", "0"))
        .streams().limited()).isFalse();
    assertThat(Env.config(Map.of("CONCERT_STREAMS_PER_TOKEN", "0")).streams().limited()).isTrue();
  }

  @Test
  void outOfRangeValuesAndAHeartbeatTheIdleTimeoutWouldCutAreRefused() {
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_STREAMS_PER_TOKEN", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CONCERT_STREAMS_PER_TOKEN");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_HTTP_IDLE_TIMEOUT_SECONDS", "1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CONCERT_HTTP_IDLE_TIMEOUT_SECONDS");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_HTTP_IDLE_TIMEOUT_SECONDS", "20")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CONCERT_STREAM_HEARTBEAT_SECONDS");
    assertThat(Env.config(Map.of("CONCERT_HTTP_IDLE_TIMEOUT_SECONDS", "20", "CONCERT_STREAM_HEARTBEAT_SECONDS", "10"))
        .streams().idleTimeoutSeconds()).isEqualTo(20);
  }
}
