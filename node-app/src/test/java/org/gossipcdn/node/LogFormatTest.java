package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 14: --log-format json writes one JSON object per line, with the node's short id. */
class LogFormatTest {

    @Test
    void jsonLinesCarryLevelLoggerMessageAndNode() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            context.putProperty("node", "abcd1234");
            LogFormat.JSON.apply();
            LoggerFactory.getLogger("org.gossipcdn.test").info("joined through {} seeds", 3);
        } finally {
            System.setErr(old);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
        String line = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("joined through")).findFirst()
                .orElseThrow();
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("loggerName").asText()).isEqualTo("org.gossipcdn.test");
        assertThat(event.path("message").asText()).contains("joined through");
        assertThat(line).contains("abcd1234");
    }

    @Test
    void onlyTextOrJson() {
        assertThat(LogFormat.parse("JSON")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.parse("text")).isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessageContaining("text or json");
    }
}
