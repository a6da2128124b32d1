package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuaScriptTest {

  @Test
  void anIncludeIsReplacedByTheSharedFileSoRedisGetsOneWholeScript() {
    String shared = Resources.text("redis/queue_place.lua");
    for (String name : new String[] {"queue_issue", "queue_state"}) {
      String source = LuaScript.load(name).source();
      assertThat(source).as(name).doesNotContainPattern("(?m)^-- #include").contains(shared);
      assertThat(source.split("local function place\\(", -1)).as("place() in %s, once", name).hasSize(2);
    }
  }

  @Test
  void aScriptWithoutIncludesIsSentAsItIs() {
    assertThat(LuaScript.load("queue_end").source()).isEqualTo(Resources.text("redis/queue_end.lua"));
  }
}
