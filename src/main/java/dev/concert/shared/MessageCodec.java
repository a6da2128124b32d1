package dev.concert.shared;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one codec of every bus message ({@link BusMessage} records, and JsonObject replies).
 *
 * <p>To a consumer of this instance a message is handed over as is, never copied: messages are
 * immutable (records; a JsonObject is never changed after it is sent), and the default codec's
 * copy of a JsonObject was a fifth of the CPU of a seat-map read.
 *
 * <p>Across a cluster it travels as its class name and its JSON (jackson-databind, with Vert.x's
 * module for JsonObject, JsonArray, Instant and byte arrays), and is decoded to the same type;
 * fields a peer does not know are ignored, missing ones are null or zero.
 */
final class MessageCodec implements io.vertx.core.eventbus.MessageCodec<Object, Object> {
  static final String NAME = "concert-message";

  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new VertxModule())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
  /** Class names seen on the wire, checked once each. */
  private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

  @Override
  public void encodeToWire(Buffer buffer, Object message) {
    byte[] type = message.getClass().getName().getBytes(StandardCharsets.UTF_8);
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new EncodeException("cannot encode " + message.getClass().getName() + ": " + e.getMessage());
    }
    buffer.appendInt(type.length).appendBytes(type).appendInt(json.length).appendBytes(json);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int typeLength = buffer.getInt(pos);
    String type = buffer.getString(pos + 4, pos + 4 + typeLength, "UTF-8");
    int at = pos + 4 + typeLength;
    int length = buffer.getInt(at);
    try {
      return mapper.readValue(buffer.getBytes(at + 4, at + 4 + length), type(type));
    } catch (IOException e) {
      throw new DecodeException("cannot decode " + type + ": " + e.getMessage());
    }
  }

  private Class<?> type(String name) {
    Class<?> known = types.get(name);
    if (known != null) {
      return known;
    }
    Class<?> type;
    try {
      type = Class.forName(name, false, MessageCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new DecodeException("unknown message type " + name);
    }
    if (type != JsonObject.class && type != JsonArray.class && !(type.isRecord() && BusMessage.class.isAssignableFrom(type))) {
      throw new DecodeException("not a bus message: " + name);
    }
    types.put(name, type);
    return type;
  }

  @Override
  public Object transform(Object message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
