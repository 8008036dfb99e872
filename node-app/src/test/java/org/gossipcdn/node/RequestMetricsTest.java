package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    @Test
    void pathsBecomeABoundedSetOfRouteTemplates() {
        assertThat(RequestMetrics.route("/v1/blobs/123e4567-e89b-42d3-a456-426614174000")).isEqualTo("/v1/blobs/{key}");
        assertThat(RequestMetrics.route("/v1/blobs/123e4567-e89b-42d3-a456-426614174000/versions")).isEqualTo("/v1/blobs/{key}/versions");
        assertThat(RequestMetrics.route("/v1/content/" + "ab".repeat(32))).isEqualTo("/v1/content/{sha256}");
        assertThat(RequestMetrics.route("/gossip/v1/rumor")).isEqualTo("/gossip/v1/{type}");
        assertThat(RequestMetrics.route("/gossip/v1/anything-a-client-makes-up")).isEqualTo("/gossip/v1/{type}");
        assertThat(RequestMetrics.route("/v1/blobs")).isEqualTo("/v1/blobs");
        assertThat(RequestMetrics.route("/v1/blobs/not-a-uuid")).isEqualTo("other");
        assertThat(RequestMetrics.route("/favicon.ico")).isEqualTo("other");
        assertThat(RequestMetrics.outcome(404)).isEqualTo("CLIENT_ERROR");
    }

    @Test
    void diskKindsFollowRocksDbFileNames() {
        assertThat(DiskUsage.kind("000012.sst")).isEqualTo("tables");
        assertThat(DiskUsage.kind("000013.blob")).isEqualTo("blobs");
        assertThat(DiskUsage.kind("000014.log")).isEqualTo("wal");
        assertThat(DiskUsage.kind("LOG")).isEqualTo("logs");
        assertThat(DiskUsage.kind("LOG.old.1701234567")).isEqualTo("logs");
        assertThat(DiskUsage.kind("MANIFEST-000005")).isEqualTo("manifest");
        assertThat(DiskUsage.kind("gcdn.pid")).isEqualTo("other");
    }
}
