package io.looklook.gateway;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** looklook's error envelope {@code {"code":...,"msg":...}}, with its codes, for what the gateway answers itself. */
final class Envelope {

    static final int SERVER_ERROR = 100001;
    static final int INVALID_PARAMETER = 100002;
    static final int NOT_FOUND = 100007;
    static final int TOO_MANY_ATTEMPTS = 100011;

    private Envelope() {
    }

    static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, int code, String msg) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().remove("Content-Length");
        byte[] body = ("{\"code\":" + code + ",\"msg\":\"" + escape(msg) + "\"}").getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** Our own messages are plain text: quotes, backslashes and control characters are all that need escaping. */
    private static String escape(String msg) {
        StringBuilder out = new StringBuilder(msg.length());
        for (char c : msg.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
