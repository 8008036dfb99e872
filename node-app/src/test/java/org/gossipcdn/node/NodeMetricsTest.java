package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.version.BlobRecord;
import org.junit.jupiter.api.Test;

/** Per-sender counters stay bounded however many senders records are attributed to. */
class NodeMetricsTest {

    private static final BlobRecord ANY = null; // NodeMetrics counts; it never reads the record

    @Test
    void tenThousandForgedSendersLeaveABoundedNumberOfSeriesAndStatusEntries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics metrics = new NodeMetrics(registry);
        Address innocent = new Address("10.0.0.1", 7000);
        metrics.onUntrustedRecord(ANY, innocent, "forged");
        for (int i = 0; i < 10_000; i++) {
            metrics.onUntrustedRecord(ANY, new Address("forged-" + i + ".example", 7000), "forged");
        }
        metrics.onUntrustedRecord(ANY, innocent, "forged");

        long series = registry.find("gcdn_untrusted_records").counters().size();
        assertThat(series).isLessThanOrEqualTo(NodeMetrics.MAX_NAMED_SENDERS + 1);
        Map<String, Long> bySender = metrics.untrustedBySender();
        assertThat(bySender).hasSizeLessThanOrEqualTo(NodeMetrics.MAX_NAMED_SENDERS + 1);
        assertThat(bySender.values().stream().mapToLong(Long::longValue).sum()).as("nothing is lost").isEqualTo(10_002);
        assertThat(bySender).containsEntry(innocent.toString(), 2L).containsKey(NodeMetrics.OTHER_SENDERS);
        assertThat(metrics.scrape().length()).as("the scrape stays small").isLessThan(64 * 1024);
    }
}
