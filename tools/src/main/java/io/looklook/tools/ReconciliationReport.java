package io.looklook.tools;

import tools.jackson.databind.JsonNode;

/** The reconciliation report as a person reads it: what each side counted, then one line per difference. */
final class ReconciliationReport {

    private ReconciliationReport() {
    }

    static String format(JsonNode report) {
        StringBuilder text = new StringBuilder();
        text.append("reconciliation of ").append(report.path("date").asString()).append(" (").append(report.path("zone").asString())
                .append(")\n");
        text.append(String.format("  gateway's bill: %6d payments  %6d refunds%n", report.path("gateway").path("payments").asLong(),
                report.path("gateway").path("refunds").asLong()));
        text.append(String.format("  ledger:         %6d payments  %6d refunds%n", report.path("ledger").path("payments").asLong(),
                report.path("ledger").path("refunds").asLong()));
        JsonNode differences = report.path("differences");
        long repaired = 0;
        for (JsonNode d : differences) {
            repaired += d.path("repaired").asBoolean() ? 1 : 0;
        }
        text.append(String.format("  differences: %d (%d repaired, %d left for a person)", differences.size(), repaired,
                report.path("unresolved").asLong()));
        for (JsonNode d : differences) {
            text.append(String.format("%n  %-24s %-25s %-25s gateway %8s  ledger %8s  %s", d.path("kind").asString(),
                    d.path("paymentSn").asString(), d.path("refundSn").asString().isEmpty() ? "-" : d.path("refundSn").asString(),
                    amount(d.path("gatewayAmount").asLong()), amount(d.path("ledgerAmount").asLong()),
                    d.path("repaired").asBoolean() ? "repaired" : "LEFT"));
        }
        return text.toString();
    }

    /** Fen as yuan, or "-" for the side that has none. */
    private static String amount(long fen) {
        return fen < 0 ? "-" : String.format("%d.%02d", fen / 100, fen % 100);
    }
}
