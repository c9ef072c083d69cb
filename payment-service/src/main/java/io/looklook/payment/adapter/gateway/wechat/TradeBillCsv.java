package io.looklook.payment.adapter.gateway.wechat;

import io.looklook.payment.application.PaymentGateway.BillLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WeChat Pay's trade bill (bill_type ALL), as downloaded: a header line, one line per payment taken and per refund
 * accepted that day (every field prefixed with a backquote, so spreadsheets keep long numbers), then a summary header
 * and a summary line, which are not ours to compare. Columns are found by their header name: WeChat says their order
 * is not fixed. Amounts are yuan with two decimals.
 */
final class TradeBillCsv {

    static final String APPID = "公众账号ID";
    static final String TRANSACTION_ID = "微信订单号";
    static final String OUT_TRADE_NO = "商户订单号";
    static final String TRADE_STATE = "交易状态";
    static final String SETTLEMENT_TOTAL = "应结订单金额";
    static final String TOTAL = "订单金额";
    static final String OUT_REFUND_NO = "商户退款单号";
    static final String REFUND = "退款金额";
    static final String REQUESTED_REFUND = "申请退款金额";
    static final String REFUND_STATUS = "退款状态";

    private TradeBillCsv() {
    }

    /** The payment and refund lines of our app ({@code appid}); the merchant's other apps' lines are not looklook's. */
    static List<BillLine> parse(String bill, String appid) {
        String[] lines = bill.replace("\uFEFF", "").split("\r?\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            return List.of();
        }
        Map<String, Integer> columns = new HashMap<>();
        String[] header = lines[0].split(",");
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i].trim(), i);
        }
        for (String required : List.of(OUT_TRADE_NO, TRANSACTION_ID, TRADE_STATE, OUT_REFUND_NO)) {
            if (!columns.containsKey(required)) {
                throw new IllegalStateException("WeChat Pay's trade bill has no column " + required + ": " + lines[0]);
            }
        }
        List<BillLine> parsed = new ArrayList<>();
        for (int n = 1; n < lines.length && lines[n].startsWith("`"); n++) { // the summary header ends the details
            // ",`" separates fields: a product name may hold a comma, never a comma and a backquote
            String[] fields = lines[n].substring(1).split(",`", -1);
            Row row = new Row(columns, fields, n + 1);
            if (columns.containsKey(APPID) && !appid.equals(row.get(APPID))) {
                continue;
            }
            String state = row.get(TRADE_STATE);
            long total = row.amount(columns.containsKey(TOTAL) ? TOTAL : SETTLEMENT_TOTAL);
            if ("SUCCESS".equals(state)) {
                parsed.add(new BillLine(row.get(OUT_TRADE_NO), row.get(TRANSACTION_ID), state, total, "", 0));
            } else if ("REFUND".equals(state) && refundStands(row.get(REFUND_STATUS))) {
                // the amount asked for, which is what our ledger records (the refunded amount leaves out vouchers)
                long refund = row.amount(columns.containsKey(REQUESTED_REFUND) ? REQUESTED_REFUND : REFUND);
                parsed.add(new BillLine(row.get(OUT_TRADE_NO), row.get(TRANSACTION_ID), state, total, row.get(OUT_REFUND_NO), refund));
            }
            // anything else (REVOKED: a MICROPAY payment taken back) took no money from a looklook payment
        }
        return parsed;
    }

    /** A bill is a snapshot at acceptance: PROCESSING counts as made (WeChat's advice), CLOSED and ABNORMAL do not. */
    private static boolean refundStands(String status) {
        return status == null || status.isEmpty() || "SUCCESS".equals(status) || "PROCESSING".equals(status);
    }

    private record Row(Map<String, Integer> columns, String[] fields, int lineNumber) {

        String get(String column) {
            Integer index = columns.get(column);
            return index == null || index >= fields.length ? "" : fields[index].trim();
        }

        long amount(String column) {
            String value = get(column);
            try {
                return value.isEmpty() ? 0 : new BigDecimal(value).movePointRight(2).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalStateException("WeChat Pay's trade bill line " + lineNumber + ": " + column + " is not an amount in "
                        + "yuan: " + value);
            }
        }
    }
}
