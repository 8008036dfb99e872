package org.gossipcdn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gcdn keygen -o FILE}: makes an owner key pair for signed writes. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Makes an Ed25519 owner key pair in FILE (mode 0600) and prints its fingerprint.",
                "Keys first written with 'gcdn put --sign FILE' are owned: every node then takes later writes and",
                "deletes of them only when signed with the same key."})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "where to write the key pair")
    Path out;

    @Option(names = "--force", description = "replace FILE if it exists (the old key is lost)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        OwnerKey key = OwnerKey.generate();
        key.write(out, force);
        System.out.println(key.fingerprint());
        System.err.println("wrote " + out + " (keep it private; anyone holding it can replace or delete your keys)");
        return 0;
    }
}
