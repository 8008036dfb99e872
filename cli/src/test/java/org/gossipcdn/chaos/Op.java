package org.gossipcdn.chaos;

/**
 * One request of the workload and what came back: the operation history the checker reads.
 *
 * @param type put, delete or get
 * @param status HTTP status, or 0 if no answer (timeout, refused connection)
 * @param version the X-Gossip-Version answered (writes and reads), or null
 * @param etag the ETag answered, or null
 * @param replicas the W asked for on a put
 */
record Op(String type, String key, String node, int status, String version, String etag, int replicas,
          long startMillis, long endMillis, String error) {

    /** An acknowledged write: a 2xx put or delete (with W replicas confirmed, for a put). */
    boolean acked() {
        return (type.equals("put") && (status == 200 || status == 201)) || (type.equals("delete") && status == 204);
    }
}
