package org.gossipcdn.transport.http;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.function.Function;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Request;
import org.gossipcdn.core.message.Records;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Version;

/**
 * The JSON codec of gossip-core's message records. Records map to objects by their components;
 * value types read as strings ({@code NodeId} and {@code Digest} as 32 hex digits, {@code Sha256}
 * as 64, {@code Hlc} as {@code wall.counter}, {@code Version} as {@code hlc@node}, {@code Address}
 * as {@code host:port}, an owner signature as {@code base64key since base64signature} or "" when
 * unsigned, a causal context as an object node → hlc). Which record a body holds
 * comes from its wire type name ({@link #TYPES}). Unknown fields are ignored (a newer peer may
 * add some); missing or invalid ones fail with {@link MalformedMessageException}.
 *
 * <p>Thread-safe.
 */
public final class GossipJson {

    /**
     * Wire type name → record, derived from the sealed {@link GossipMessage} family (each record's
     * {@code TYPE} constant), so a new message cannot be forgotten here. Names are append-only.
     */
    public static final Map<String, Class<? extends GossipMessage>> TYPES = typesOf(GossipMessage.class);

    /** The wire names of the messages that are requests (a node answers only these). */
    public static final Set<String> REQUEST_TYPES = requestTypes();

    private static Map<String, Class<? extends GossipMessage>> typesOf(Class<?> sealed) {
        Map<String, Class<? extends GossipMessage>> out = new TreeMap<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isInterface()) {
                out.putAll(typesOf(c));
            } else {
                try {
                    out.put((String) c.getField("TYPE").get(null), c.asSubclass(GossipMessage.class));
                } catch (ReflectiveOperationException e) {
                    throw new ExceptionInInitializerError("message " + c.getName() + " has no public static TYPE: " + e);
                }
            }
        }
        return Map.copyOf(out);
    }

    private static Set<String> requestTypes() {
        Set<String> out = new TreeSet<>();
        TYPES.forEach((name, c) -> {
            if (Request.class.isAssignableFrom(c)) {
                out.add(name);
            }
        });
        return Set.copyOf(out);
    }

    private final ObjectMapper mapper;

    public GossipJson() {
        SimpleModule values = new SimpleModule("gossip-values");
        asString(values, NodeId.class, NodeId::parse);
        asString(values, Address.class, Address::parse);
        asString(values, Sha256.class, Sha256::parse);
        asString(values, Hlc.class, Hlc::parse);
        asString(values, Version.class, Version::parse);
        asString(values, Digest.class, Digest::parse);
        asString(values, OwnerSignature.class, OwnerSignature::parse);
        values.addSerializer(CausalContext.class, new JsonSerializer<>() {
            @Override
            public void serialize(CausalContext ctx, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartObject();
                for (var e : ctx.entries().entrySet()) {
                    gen.writeStringField(e.getKey().toString(), e.getValue().toString());
                }
                gen.writeEndObject();
            }
        });
        values.addDeserializer(CausalContext.class, new JsonDeserializer<>() {
            @Override
            public CausalContext deserialize(JsonParser p, DeserializationContext c) throws IOException {
                Map<String, String> raw = p.readValueAs(new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
                TreeMap<NodeId, Hlc> seen = new TreeMap<>();
                raw.forEach((k, v) -> seen.put(NodeId.parse(k), Hlc.parse(v)));
                return CausalContext.of(seen);
            }
        });
        this.mapper = new ObjectMapper()
                .registerModule(values)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(1 << 20).build());
    }

    private static <T> void asString(SimpleModule module, Class<T> type, Function<String, T> parse) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return parse.apply(p.getValueAsString());
            }
        });
    }

    public byte[] encode(GossipMessage message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.type() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a body of wire type {@code type}; any problem is a {@link MalformedMessageException}. */
    public GossipMessage decode(String type, byte[] body) {
        Class<? extends GossipMessage> cls = TYPES.get(type);
        if (cls == null) {
            throw new MalformedMessageException("unknown message type '" + type + "'; known: " + new TreeMap<>(TYPES).keySet());
        }
        try {
            GossipMessage m = mapper.readValue(body, cls);
            if (m == null) {
                throw new MalformedMessageException(type + " body is null");
            }
            return m;
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("malformed " + type + ": " + describe(e));
        }
    }

    /**
     * What is wrong with a body, for the sender's operator: the field and the rule our own value
     * types state, or where the JSON breaks. Never a Java type or exception name (those say nothing
     * to an operator and tell an attacker what runs here).
     */
    static String describe(Exception e) {
        String field = "";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            field = "field '" + Problem.printable(path.toString()) + "'";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NullPointerException) {
            // requireNonNull in our records names the component; the JDK's helpful messages name code.
            String name = root.getMessage();
            return (field.isEmpty() ? "" : field + ": ") + (name != null && name.matches("[A-Za-z]{1,40}")
                    ? "'" + name + "' is missing" : "a required value is missing");
        }
        if (root instanceof IllegalArgumentException) {
            // Our records' compact constructors and value parsers: their messages name the value and the rule.
            String rule = root.getMessage() == null ? "invalid value" : firstLine(root.getMessage());
            return (field.isEmpty() ? "" : field + ": ") + Problem.printable(rule);
        }
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "the body nests deeper or holds longer strings than a gossip message may";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonParseException p) {
            var at = p.getLocation();
            return "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException && field.isEmpty()) {
            return "the body must be a JSON object with the fields of this message type";
        }
        return field.isEmpty() ? "a field is missing or has the wrong kind of value"
                : field + " is missing or has the wrong kind of value";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The mapper, configured with the value types, for callers that encode other JSON. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** A body that is not a valid message of its type; the server answers 400 with this text. */
    public static final class MalformedMessageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
