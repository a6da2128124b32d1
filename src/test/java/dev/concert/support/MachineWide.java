package dev.concert.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that uses something the whole machine shares, which no two test classes may use at
 * once: the Redis Cluster on 7001-7003 (the {@link OnRedisCluster} tests empty it; that extension
 * takes the lock itself), clustered JVMs with their Hazelcast ports, headless Chromium. Failsafe
 * runs the integration tests in parallel JVMs; for its whole run such a class holds an OS file
 * lock named after the resource ({@code java.io.tmpdir}/concert-tests-NAME.lock), so a class of
 * another JVM that needs the same resource waits (another checkout's test run on the machine
 * too). The operating system drops the lock of a JVM that dies.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(MachineWide.Lock.class)
public @interface MachineWide {
  String REDIS_CLUSTER = "redis-cluster";
  String CLUSTERED_JVMS = "clustered-jvms";
  String CHROMIUM = "chromium";

  /** The resource, which names the lock: {@link #REDIS_CLUSTER}, {@link #CLUSTERED_JVMS} or {@link #CHROMIUM}. */
  String value();

  /** Takes the class's lock before its {@code @BeforeAll} methods and lets it go after its {@code @AfterAll} ones. */
  final class Lock implements BeforeAllCallback, AfterAllCallback {
    /** Locks this JVM holds (one channel per file: a second lock of the same file in one JVM would throw). */
    private static final Map<String, FileLock> HELD = new HashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
      acquire(resourceOf(context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
      release(resourceOf(context));
    }

    private static String resourceOf(ExtensionContext context) {
      return context.getRequiredTestClass().getAnnotation(MachineWide.class).value();
    }

    /** Blocks until no other JVM on the machine holds {@code resource}. */
    public static synchronized void acquire(String resource) {
      if (HELD.containsKey(resource)) {
        throw new IllegalStateException("this JVM already holds " + resource);
      }
      Path file = Path.of(System.getProperty("java.io.tmpdir"), "concert-tests-" + resource + ".lock");
      try {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
          System.out.println("waiting for " + file + ": another test JVM uses " + resource);
          lock = channel.lock();
        }
        HELD.put(resource, lock);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + file, e);
      }
    }

    public static synchronized void release(String resource) {
      FileLock lock = HELD.remove(resource);
      if (lock != null) {
        try {
          lock.channel().close();  // releases the lock
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
