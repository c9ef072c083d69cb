package io.looklook.usercenter.token;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys every other service checks tokens with (RFC 7517 JWK set). Public; the services fetch it directly,
 * not through the gateway.
 */
@RestController
public class JwksController {

    private final Map<String, Object> published;

    public JwksController(SigningKeys keys) {
        this.published = keys.published().toJSONObject();
    }

    @GetMapping("/.well-known/jwks.json")
    public ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5))).body(published);
    }
}
