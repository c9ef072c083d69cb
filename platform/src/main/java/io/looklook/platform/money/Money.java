package io.looklook.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** looklook stores fen and shows yuan, truncated to two decimals ({@code pkg/tool/coinconvert.go}). */
public final class Money {

    private Money() {
    }

    public static double fenToYuan(long fen) {
        return BigDecimal.valueOf(fen).divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN).doubleValue();
    }
}
