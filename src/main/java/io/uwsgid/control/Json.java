package io.uwsgid.control;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;

/** The control protocol's JSON (Gson): one object per line. */
public final class Json {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
            .registerTypeHierarchyAdapter(Path.class, new PathAdapter().nullSafe()).create();
    private static final Gson PRETTY = GSON.newBuilder().setPrettyPrinting().create();

    private Json() {}

    public static String write(Object value) {
        return GSON.toJson(value);
    }

    public static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    /** Parses one object; a malformed one is an IOException with Gson's reason. */
    public static <T> T read(String json, Class<T> type) throws IOException {
        try {
            T value = GSON.fromJson(json, type);
            if (value == null) {
                throw new IOException("empty request");
            }
            return value;
        } catch (JsonParseException e) {
            throw new IOException("malformed JSON: " + e.getMessage());
        }
    }

    private static final class PathAdapter extends TypeAdapter<Path> {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            return Path.of(in.nextString());
        }
    }
}
