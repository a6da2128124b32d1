package dev.concert.doors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoorKeySecretsTest {
  @Test
  void aKeyIs256RandomBitsBehindItsPrefix() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String key = DoorKeySecrets.newKey();
      assertThat(key).startsWith("door_");
      assertThat(Base64.getUrlDecoder().decode(key.substring("door_".length()))).hasSize(32);
      keys.add(key);
    }
    assertThat(keys).hasSize(1_000);
  }

  @Test
  void theHashIsTheKeysSha256InHexAndTellsKeysApart() {
    // SHA-256("abc") from FIPS 180-2.
    assertThat(DoorKeySecrets.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    String key = DoorKeySecrets.newKey();
    assertThat(DoorKeySecrets.hash(key)).isEqualTo(DoorKeySecrets.hash(key)).hasSize(64).doesNotContain(key.substring(5));
    assertThat(DoorKeySecrets.hash(key)).isNotEqualTo(DoorKeySecrets.hash(DoorKeySecrets.newKey()));
  }
}
