package org.gossipcdn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/** Issue 11, defect 8: stored key states are bounded and checked on read. */
class KeyStateCodecTest {

    private static final KeyState STATE = KeyState.of(new BlobRecord(new UUID(1, 2),
            new Version(new Hlc(1L << 47, 3), new NodeId(4, 5)), false, Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY));

    @Test
    void aStateReadsBackAsWritten() {
        assertThat(KeyStateCodec.decode(KeyStateCodec.encode(STATE))).isEqualTo(STATE);
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] bytes = KeyStateCodec.encode(STATE);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> KeyStateCodec.decode(longer)).isInstanceOf(StoreException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void aTruncatedStateIsRefusedWithAStoreException() {
        byte[] bytes = KeyStateCodec.encode(STATE);
        assertThatThrownBy(() -> KeyStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 5)))
                .isInstanceOf(StoreException.class);
    }
}
