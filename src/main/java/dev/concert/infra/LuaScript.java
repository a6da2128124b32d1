package dev.concert.infra;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lua script from {@code src/main/resources/redis/<name>.lua}, run by EVALSHA. After a Redis
 * restart or SCRIPT FLUSH the server answers NOSCRIPT, and the script is sent once with EVAL,
 * which caches it again. A line {@code -- #include <other>} is replaced by {@code redis/<other>.lua}
 * at load: a function two scripts share is written once, and Redis still gets one self-contained
 * script (it has no modules of its own).
 */
public final class LuaScript {
  private static final Pattern INCLUDE = Pattern.compile("(?m)^-- #include ([a-z_]+)$");

  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  public static LuaScript load(String name) {
    return new LuaScript(name, withIncludes(Resources.text("redis/" + name + ".lua")));
  }

  private static String withIncludes(String source) {
    Matcher include = INCLUDE.matcher(source);
    StringBuilder expanded = new StringBuilder();
    while (include.find()) {
      include.appendReplacement(expanded, Matcher.quoteReplacement(Resources.text("redis/" + include.group(1) + ".lua")));
    }
    include.appendTail(expanded);
    return expanded.toString();
  }

  public String name() {
    return name;
  }

  /** The script as Redis runs it, includes expanded. */
  public String source() {
    return source;
  }

  public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args))
        .recover(failure -> isNoScript(failure)
            ? redis.send(request(Command.EVAL, source, keys, args))
            : Future.failedFuture(failure));
  }

  /**
   * Runs a read-only script once per argument list, all with the same keys, in one
   * {@link Redis#batch} (one write and one read on each side); one answer per run, in order. A
   * batch fails as a whole once all its answers are in: on NOSCRIPT each is run again alone (as
   * {@link #run}, which loads the script), which is why the script must only read; any other
   * failure fails every run. On a Redis Cluster the keys must be of one master.
   */
  public List<Future<Response>> runBatch(Redis redis, List<String> keys, List<List<String>> argsOfEach) {
    List<Promise<Response>> answers = new ArrayList<>(argsOfEach.size());
    List<Request> requests = new ArrayList<>(argsOfEach.size());
    for (List<String> args : argsOfEach) {
      answers.add(Promise.promise());
      requests.add(request(Command.EVALSHA, sha, keys, args));
    }
    redis.batch(requests).onComplete(answered -> {
      for (int i = 0; i < answers.size(); i++) {
        if (answered.succeeded()) {
          answers.get(i).complete(answered.result().get(i));
        } else if (isNoScript(answered.cause())) {
          run(redis, keys, argsOfEach.get(i)).onComplete(answers.get(i));
        } else {
          answers.get(i).fail(answered.cause());
        }
      }
    });
    return answers.stream().map(Promise::future).toList();
  }

  /** NOSCRIPT: Redis's script cache lost the script (anywhere in the message: a batch's joins its answers'). */
  private static boolean isNoScript(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.contains("NOSCRIPT");
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
