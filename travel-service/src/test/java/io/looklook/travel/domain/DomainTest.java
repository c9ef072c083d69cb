package io.looklook.travel.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.money.Money;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainTest {

    @Test
    void fenBecomeYuanTruncatedToTwoDecimalsAsLooklookDoes() {
        assertThat(Money.fenToYuan(38800)).isEqualTo(388.0);
        assertThat(Money.fenToYuan(1)).isEqualTo(0.01);
        assertThat(Money.fenToYuan(0)).isEqualTo(0.0);
        assertThat(Money.fenToYuan(123456789)).isEqualTo(1234567.89);
    }

    @Test
    void aCommentsOverallStarIsTheMeanOfItsDimensionsToOneDecimal() {
        assertThat(new HomestayComment(1, 1, 1, "ok", Map.of("clean", 5, "location", 4, "service", 4)).overallStar())
                .isEqualTo(4.3);
        assertThat(new HomestayComment(1, 1, 1, "unrated", Map.of()).overallStar()).isZero();
    }

    @Test
    void shelfStateIsReadFromRowState() {
        Homestay on = new Homestay(1, 1, "t", "", "", "", 2, 1, 1, Homestay.ON_SHELF, Homestay.PER_ROOM, "", 0, 100, 0);
        assertThat(on.onShelf()).isTrue();
        assertThat(new Homestay(1, 1, "t", "", "", "", 2, 1, 1, Homestay.OFF_SHELF, 0, "", 0, 100, 0).onShelf()).isFalse();
    }
}
