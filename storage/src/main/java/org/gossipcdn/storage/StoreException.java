package org.gossipcdn.storage;

/** A RocksDB failure, naming the operation and the key or hash it concerned. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String operation, Object subject, Throwable cause) {
        super(operation + " of " + subject + " failed: " + cause.getMessage(), cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
