package io.looklook.tools;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Header values as text. Most of ours are UTF-8 (eventId, eventType, traceparent, the DLT's exception message); the
 * dead-letter headers spring-kafka writes as binary numbers are shown as numbers; anything else that is not UTF-8
 * text is shown as {@code base64:...}.
 */
final class HeaderValues {

    private static final Set<String> INT_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_PARTITION);
    private static final Set<String> LONG_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);

    private HeaderValues() {
    }

    static String text(Header header) {
        byte[] value = header.value();
        if (value == null) {
            return null;
        }
        if (INT_HEADERS.contains(header.key()) && value.length == Integer.BYTES) {
            return Integer.toString(ByteBuffer.wrap(value).getInt());
        }
        if (LONG_HEADERS.contains(header.key()) && value.length == Long.BYTES) {
            return Long.toString(ByteBuffer.wrap(value).getLong());
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
            return text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')
                    ? "base64:" + Base64.getEncoder().encodeToString(value) : text.toString();
        } catch (CharacterCodingException notText) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
    }

    /** The last value of header {@code key} as text, or null. */
    static String last(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : text(header);
    }
}
