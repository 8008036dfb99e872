package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gossipcdn.core.identity.Address;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 14: deploy/kubernetes parses with the real Kubernetes model (fabric8), and what it tells a
 * node — ports, probe paths, GCDN_* variables, the data volume — is what node-app accepts: the
 * container's environment is fed to NodeOptions exactly as NodeMain does.
 */
class DeployManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final Map<String, HasMetadata> BY_KIND = new LinkedHashMap<>();

    @BeforeAll
    static void parse() throws IOException {
        KubernetesSerialization yaml = new KubernetesSerialization();
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("manifests in %s", DIR.toAbsolutePath()).isNotEmpty();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                HasMetadata r = yaml.unmarshal(in);
                assertThat(r).as(f.toString()).isNotNull();
                BY_KIND.put(r.getKind() + "/" + r.getMetadata().getName(), r);
            }
        }
    }

    private static <T> T get(String kindAndName, Class<T> type) {
        assertThat(BY_KIND).containsKey(kindAndName);
        return type.cast(BY_KIND.get(kindAndName));
    }

    private static Container node() {
        return get("StatefulSet/gcdn", StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The container's env, with $(VAR) references expanded as the kubelet does, using sample pod values. */
    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> samples = Map.of("POD_NAME", "gcdn-0", "POD_NAMESPACE", "default");
        for (EnvVar v : node().getEnv()) {
            String value = v.getValue();
            if (value == null) {
                value = samples.getOrDefault(v.getName(), "a-secret-value-from-the-secret");
            }
            Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group(0))));
            }
            m.appendTail(out);
            env.put(v.getName(), out.toString());
        }
        return env;
    }

    @Test
    void everyGcdnVariableIsAnOptionOfNodeAppAndTheWholeEnvironmentIsAccepted() throws IOException {
        Set<String> accepted = new CommandLine(new NodeOptions()).getCommandSpec().options().stream()
                .map(OptionSpec::longestName).map(EnvironmentDefaults::envName).collect(Collectors.toSet());
        Map<String, String> env = environment();
        assertThat(env.keySet().stream().filter(n -> n.startsWith("GCDN_"))).isNotEmpty().allSatisfy(n ->
                assertThat(accepted).as("node-app reads %s", n).contains(n));

        NodeOptions options = new NodeOptions();
        CommandLine cl = new CommandLine(options);
        cl.setDefaultValueProvider(new EnvironmentDefaults(new HashMap<>(env), null));
        cl.parseArgs();
        NodeConfig config = options.toConfig();

        assertThat(config.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(config.advertise()).isEqualTo(Address.parse("gcdn-0.gcdn-headless.default.svc.cluster.local:7001"));
        assertThat(config.seeds()).containsExactly(Address.parse("gcdn-headless.default.svc.cluster.local:7001"));
        assertThat(config.bootstraps()).isEmpty();
        assertThat(config.clusterKey()).isPresent();
        assertThat(LogFormat.parse(options.logFormat)).isEqualTo(LogFormat.JSON);
    }

    @Test
    void portsProbesAndTheDataVolumeMatchTheNode() {
        Container c = node();
        int port = Integer.parseInt(environment().get("GCDN_PORT"));
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(port);
        });
        for (Probe p : List.of(c.getStartupProbe(), c.getLivenessProbe())) {
            assertThat(p.getHttpGet().getPath()).isEqualTo(HealthApi.LIVE);
            assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(HealthApi.READY);
        assertThat(c.getLifecycle().getPreStop()).isNotNull();

        StatefulSet set = get("StatefulSet/gcdn", StatefulSet.class);
        String claim = set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(claim);
            assertThat(m.getMountPath()).isEqualTo(environment().get("GCDN_DATA_DIR"));
        });
        // longer than the node's graceful stop (leave, drain requests, close RocksDB)
        assertThat(set.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(10 + 10);
    }

    @Test
    void theHeadlessServiceIsTheSeedListAndTheOthersSelectTheNodes() {
        StatefulSet set = get("StatefulSet/gcdn", StatefulSet.class);
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        Service headless = get("Service/gcdn-headless", Service.class);
        assertThat(set.getSpec().getServiceName()).isEqualTo("gcdn-headless");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        Address seed = Address.parse(environment().get("GCDN_SEED"));
        assertThat(seed.host()).startsWith("gcdn-headless.");
        assertThat(headless.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(seed.port()));

        Service clients = get("Service/gcdn", Service.class);
        PodDisruptionBudget pdb = get("PodDisruptionBudget/gcdn", PodDisruptionBudget.class);
        for (Map<String, String> selector : List.of(headless.getSpec().getSelector(), clients.getSpec().getSelector(),
                pdb.getSpec().getSelector().getMatchLabels())) {
            assertThat(podLabels).containsAllEntriesOf(selector);
        }
        assertThat(clients.getSpec().getPorts()).allSatisfy(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));

        EnvVar key = node().getEnv().stream().filter(v -> v.getName().equals("GCDN_CLUSTER_KEY")).findFirst().orElseThrow();
        Secret secret = get("Secret/" + key.getValueFrom().getSecretKeyRef().getName(), Secret.class);
        assertThat(secret.getStringData()).containsKey(key.getValueFrom().getSecretKeyRef().getKey());
    }
}
