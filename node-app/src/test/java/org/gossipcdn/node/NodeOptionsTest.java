package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gossipcdn.core.identity.Address;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Safe defaults of {@code gcdn node}: loopback only, and a bootstrap only when nothing else says whom to join. */
class NodeOptionsTest {

    private static NodeConfig parse(String... args) {
        NodeOptions o = new NodeOptions();
        new CommandLine(o).parseArgs(args);
        return o.toConfig();
    }

    @Test
    void bindsLoopbackUnlessToldOtherwise() {
        assertThat(parse().bind()).isEqualTo("127.0.0.1");
        assertThat(parse("--bind", "0.0.0.0").bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void aSeededNodeUsesNoImplicitBootstrap() {
        assertThat(parse("--seed", "127.0.0.1:7005").bootstraps()).isEmpty();
        assertThat(parse().bootstraps()).containsExactly(Address.parse(NodeConfig.DEFAULT_BOOTSTRAP));
        assertThat(parse("--seed", "127.0.0.1:7005", "--bootstrap", "127.0.0.1:7100").bootstraps())
                .isEqualTo(List.of(Address.parse("127.0.0.1:7100")));
    }

    @Test
    void anOpenClusterIsAnExplicitChoice() {
        assertThat(parse().insecureOpenCluster()).isFalse();
        assertThat(parse("--insecure-open-cluster").insecureOpenCluster()).isTrue();
        assertThat(parse().describe()).doesNotContain("open");
    }

    @Test
    void contentGarbageWaitsTenMinutesUnlessToldOtherwiseAlsoByTheEnvironment() throws Exception {
        assertThat(parse().contentGcDelay()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(parse("--content-gc-delay", "1s").contentGcDelay()).isEqualTo(java.time.Duration.ofSeconds(1));
        NodeOptions o = new NodeOptions();
        new CommandLine(o).setDefaultValueProvider(new EnvironmentDefaults(java.util.Map.of("GCDN_CONTENT_GC_DELAY", "2m"), null))
                .parseArgs();
        assertThat(o.toConfig().contentGcDelay()).isEqualTo(java.time.Duration.ofMinutes(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--content-gc-delay", "10ms"))
                .hasMessageContaining("content-gc-delay must be >= 1s");
    }

    @Test
    void eagerPushIsOnUnlessTurnedOffAndItsInlineLimitIsBounded() {
        assertThat(parse().gossip().dissemination().eagerPush()).isTrue();
        assertThat(parse("--eager-push", "off").gossip().dissemination().eagerPush()).isFalse();
        assertThat(parse("--inline-limit", "4KiB").gossip().dissemination().inlineLimit()).isEqualTo(4096);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--eager-push", "maybe"))
                .hasMessageContaining("--eager-push must be on or off");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--inline-limit", "1MiB"))
                .hasMessageContaining("--inline-limit must be between 0 and 256KiB");
    }
}
