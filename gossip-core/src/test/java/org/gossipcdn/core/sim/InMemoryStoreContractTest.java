package org.gossipcdn.core.sim;

import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.spi.StoreContract;

class InMemoryStoreContractTest extends StoreContract {

    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
