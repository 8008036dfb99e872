package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShortIdsTest {

    @Test
    void eightDigitsWhenTheyTellEveryIdApart() {
        assertThat(ShortIds.length(List.of("87e66ce20447d78fc1439e65e5a499c8", "75cc54addd9be29a655b86a5ccf622af"))).isEqualTo(8);
    }

    @Test
    void longerWhenTwoIdsShareTheirFirstEightDigits() {
        List<String> ids = List.of("87e66ce20447d78fc1439e65e5a499c8", "87e66ce20441aaaac1439e65e5a499c8", "75cc54addd9be29a655b86a5ccf622af");
        int n = ShortIds.length(ids);
        assertThat(n).isEqualTo(12);
        assertThat(ids.stream().map(i -> ShortIds.cut(i, n)).distinct()).hasSize(3);
    }

    @Test
    void equalIdsKeepTheirFullLength() {
        assertThat(ShortIds.length(List.of("abcdef0123", "abcdef0123"))).isEqualTo(8);
        assertThat(ShortIds.length(List.of("abcdef0123456789", "abcdef0123456788"))).isEqualTo(16);
    }
}
