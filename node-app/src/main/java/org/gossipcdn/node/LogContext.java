package org.gossipcdn.node;

import ch.qos.logback.classic.LoggerContext;
import org.gossipcdn.core.identity.NodeId;
import org.slf4j.LoggerFactory;

/** Puts this process's short node id into every log line (logback property {@code node}). */
public final class LogContext {

    private LogContext() {
    }

    public static void nodeId(NodeId id) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putProperty("node", id.shortId());
        }
    }
}
