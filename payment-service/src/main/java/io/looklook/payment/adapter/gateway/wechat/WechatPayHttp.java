package io.looklook.payment.adapter.gateway.wechat;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The OkHttp client under the v3 SDK. The SDK's services have WeChat's host written into every URL (its
 * {@code HostName} only picks between WeChat's own two), so reaching another one (a test server, an egress proxy) is
 * an interceptor that rewrites scheme, host and port; the request's signature covers path, query and body only, so
 * it stays valid. Two more fix-ups make the SDK's answer handling sound whatever sits in between:
 * <ul>
 * <li>the SDK looks up {@code Wechatpay-Timestamp}, {@code -Nonce}, {@code -Signature}, {@code -Serial} by exact
 * case, while HTTP header names are case-insensitive (HTTP/2 and many proxies lower-case them): they are put back
 * in WeChat's spelling, or a genuine answer would fail verification;</li>
 * <li>the SDK parses an error answer's body as JSON to read its {@code code}: a non-JSON error page (a proxy's 502)
 * would throw a parse error instead of the status, so such a body becomes {@code {"code":"HTTP_502",...}}.</li>
 * </ul>
 */
final class WechatPayHttp {

    private static final List<String> SIGNED_HEADERS = List.of("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
            "Wechatpay-Serial", "Request-ID");
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private WechatPayHttp() {
    }

    static OkHttpClient client(WechatPayApiProperties api) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                // WeChat's servers drop idle connections after 8 s (the SDK's own default client keeps 7)
                .connectionPool(new ConnectionPool(5, 7, TimeUnit.SECONDS))
                .connectTimeout(api.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(api.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(api.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (api.baseUrl() != null) {
            builder.addInterceptor(redirectTo(api.baseUrl()));
        }
        return builder.addInterceptor(WechatPayHttp::fixUpAnswer).build();
    }

    private static Interceptor redirectTo(URI base) {
        HttpUrl target = HttpUrl.get(base.toString());
        return chain -> {
            Request request = chain.request();
            HttpUrl url = request.url().newBuilder().scheme(target.scheme()).host(target.host()).port(target.port()).build();
            return chain.proceed(request.newBuilder().url(url).build());
        };
    }

    private static Response fixUpAnswer(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        Headers.Builder headers = new Headers.Builder();
        for (int i = 0; i < response.headers().size(); i++) {
            headers.addUnsafeNonAscii(canonical(response.headers().name(i)), response.headers().value(i));
        }
        Response.Builder fixed = response.newBuilder().headers(headers.build());
        ResponseBody body = response.body();
        if (!response.isSuccessful() && body != null && !isJson(body.contentType())) {
            String text = body.string();
            // kept for the error message only: anything that would need escaping in JSON goes
            String message = (text.length() > 200 ? text.substring(0, 200) : text).replaceAll("[^\\p{L}\\p{N} .,:;_()/-]", " ");
            fixed.body(ResponseBody.create("{\"code\":\"HTTP_" + response.code() + "\",\"message\":\"" + message + "\"}", JSON));
        }
        return fixed.build();
    }

    private static String canonical(String name) {
        for (String signed : SIGNED_HEADERS) {
            if (signed.equalsIgnoreCase(name)) {
                return signed;
            }
        }
        return name;
    }

    private static boolean isJson(MediaType type) {
        return type != null && "application".equals(type.type()) && "json".equals(type.subtype());
    }
}
