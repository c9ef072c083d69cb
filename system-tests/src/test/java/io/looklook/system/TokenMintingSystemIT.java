package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * No service but the user center can mint a token: everything a service's jar configures (its application*.yml,
 * the platform's property files, any JSON or PEM in its own and its looklook libraries) is tried as signing material
 * (every value as an HS256 secret, every JWK with a private part as an RS256 key), and every token so made is refused
 * by every user route of the running system. The user center's jar, which does hold a key (the local profile's), is
 * scanned too: finding it shows the scan sees keys, and its tokens are refused outside the local profile as well.
 */
class TokenMintingSystemIT extends SystemIT {

    private static final List<String> SERVICES = List.of("travel-service", "order-service", "payment-service",
            "delay-scheduler", "gateway", "usercenter-service");
    private static final Pattern VALUE = Pattern.compile("^\\s*[-\\w.\\[\\]]+\\s*[:=]\\s*\"?([^\"#\\s][^\"#]*?)\"?\\s*$",
            Pattern.MULTILINE);

    @Test
    void noServicesConfigurationCanMintATokenTheSystemAccepts() {
        Map<String, List<String>> forged = new LinkedHashMap<>();
        int privateKeys = 0;
        for (String service : SERVICES) {
            Material material = scan(TestInfra.projectRoot().resolve(service).resolve("target").resolve(service + ".jar"));
            if (!service.equals("usercenter-service")) {
                assertThat(material.privateKeys()).as("%s holds signing keys", service).isEmpty();
            } else {
                assertThat(material.privateKeys()).as("the scan finds the user center's local key").isNotEmpty();
            }
            privateKeys += material.privateKeys().size();
            List<String> tokens = new ArrayList<>();
            material.values().forEach(secret -> tokens.add(hs256(secret)));
            material.privateKeys().forEach(key -> tokens.add(TestTokens.issue(key, 7L, Instant.now(), Duration.ofMinutes(5),
                    "catalog:write", "scheduler:admin")));
            forged.put(service, tokens);
        }
        assertThat(privateKeys).isPositive();
        assertThat(forged.values().stream().mapToInt(List::size).sum()).as("values tried").isGreaterThan(50);

        for (Map.Entry<String, List<String>> entry : forged.entrySet()) {
            for (String token : entry.getValue()) {
                for (ServiceProcess service : List.of(STACK.orders.get(0), STACK.payment, STACK.usercenter)) {
                    String route = service == STACK.usercenter ? "/usercenter/v1/user/detail"
                            : service == STACK.payment ? "/payment/v1/thirdPayment/thirdPaymentStatus"
                            : "/order/v1/homestayOrder/userHomestayOrderList";
                    assertThat(STACK.send(service.baseUrl(), route, token, "{}").status())
                            .as("a token made from %s's configuration at %s", entry.getKey(), route).isEqualTo(401);
                }
                assertThat(STACK.send(STACK.travel.baseUrl(), "/travel/v1/admin/homestay/remove", token, "{\"id\":1}").status())
                        .isEqualTo(401);
            }
        }
        // the positive marker: the same routes take the user center's real tokens
        assertThat(STACK.sendUntilNot503(STACK.orders.get(0).baseUrl(), "/order/v1/homestayOrder/userHomestayOrderList",
                STACK.token(7), "{\"lastId\":0,\"pageSize\":1,\"tradeState\":-99}").status()).isEqualTo(200);
    }

    private record Material(Set<String> values, List<RSAKey> privateKeys) {
    }

    /** The jar's own configuration and resources, and those of the looklook libraries inside it. */
    private static Material scan(Path jar) {
        Set<String> values = new LinkedHashSet<>();
        List<RSAKey> keys = new ArrayList<>();
        try (InputStream in = Files.newInputStream(jar)) {
            scan(in, true, values, keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Material(values, keys);
    }

    private static void scan(InputStream jar, boolean outer, Set<String> values, List<RSAKey> keys) throws IOException {
        ZipInputStream zip = new ZipInputStream(jar);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            if (outer && name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")
                    && (name.contains("/platform-") || name.contains("/schemas-"))) {
                scan(new ByteArrayInputStream(zip.readAllBytes()), false, values, keys);
            } else if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties")) {
                Matcher m = VALUE.matcher(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    values.add(m.group(1).strip());
                }
            } else if (name.endsWith(".json") || name.endsWith(".pem") || name.endsWith(".key")) {
                String text = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).as(name).doesNotContain("PRIVATE KEY-----");
                try {
                    for (JWK key : JWKSet.parse(text).getKeys()) {
                        if (key.isPrivate()) {
                            keys.add(key.toRSAKey());
                        }
                    }
                } catch (java.text.ParseException notAKeySet) {
                    values.add(text.strip());
                }
            }
        }
    }

    /** HS256 wants 32 bytes: shorter values are padded, as a careless issuer might. */
    private static String hs256(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            key = java.util.Arrays.copyOf(key, 32);
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))).claim("jwtUserId", 7L)
                .claim("scope", "catalog:write scheduler:admin").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
