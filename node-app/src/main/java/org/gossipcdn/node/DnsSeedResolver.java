package org.gossipcdn.node;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gossipcdn.core.identity.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link SeedResolver}: the JDK's resolver ({@code /etc/hosts}, then DNS). An IP
 * literal stands for itself; a name stands for every address it resolves to, in the order the
 * resolver gives, each with the seed's port. The JDK caches answers for 30 s by default
 * ({@code networkaddress.cache.ttl}), so a re-resolution sees new records within that.
 */
public final class DnsSeedResolver implements SeedResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DnsSeedResolver.class);

    @Override
    public List<Address> resolve(Address seed) {
        try {
            Set<Address> out = new LinkedHashSet<>();
            for (InetAddress a : InetAddress.getAllByName(seed.host())) {
                String host = a.getHostAddress();
                if (a instanceof Inet6Address && host.indexOf('%') >= 0) {
                    host = host.substring(0, host.indexOf('%')); // no scope ids in advertised addresses
                }
                out.add(new Address(host, seed.port()));
            }
            return new ArrayList<>(out);
        } catch (UnknownHostException e) {
            LOG.info("seed {} does not resolve (yet): {}", seed, e.getMessage());
            return List.of();
        }
    }
}
