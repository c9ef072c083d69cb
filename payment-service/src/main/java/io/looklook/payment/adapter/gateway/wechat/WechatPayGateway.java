package io.looklook.payment.adapter.gateway.wechat;

import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.HttpException;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension;
import com.wechat.pay.java.service.billdownload.DigestBillEntity;
import com.wechat.pay.java.service.billdownload.model.BillType;
import com.wechat.pay.java.service.billdownload.model.GetTradeBillRequest;
import com.wechat.pay.java.service.payments.jsapi.JsapiServiceExtension;
import com.wechat.pay.java.service.payments.jsapi.model.Amount;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.jsapi.model.Payer;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import io.looklook.payment.adapter.gateway.CallbackUrls;
import io.looklook.payment.adapter.gateway.WechatPayNotifications;
import io.looklook.payment.adapter.gateway.WechatPayProperties;
import io.looklook.payment.application.GatewayRefusedException;
import io.looklook.payment.application.PaymentGateway;
import io.looklook.payment.domain.GatewayNotice;
import io.looklook.platform.error.DependencyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat Pay v3 JSAPI, through the official SDK ({@code wechatpay-java}) in "WeChat Pay public key" mode
 * ({@link RSAPublicKeyConfig}): it signs our requests with the merchant key, verifies every answer's signature with
 * WeChat Pay's public key, and signs the {@code wx.requestPayment} parameters. The SDK rather than our own client over
 * WebClient: request signing, answer verification and the models are WeChat's own code, kept in step with their API;
 * its one obstacle, hosts fixed in every URL, is an OkHttp interceptor ({@link WechatPayHttp}). Only for
 * {@code looklook.payment.gateway=wechat}.
 *
 * <p>The SDK blocks (OkHttp's synchronous calls): every call runs on {@link Schedulers#boundedElastic()}, never on an
 * event loop. Failures are told apart as the rest of the service does ({@code FailureKind}): no answer (I/O, timeout),
 * a 5xx, {@code SYSTEM_ERROR}, {@code FREQUENCY_LIMITED} or a bill still being made are a
 * {@link DependencyUnavailableException} (transient: the callers retry; a route answers 503); any other refusal is a
 * {@link GatewayRefusedException} with WeChat's code; an answer whose signature does not verify is an
 * {@link UntrustedAnswerException}, never a result.
 *
 * <p>Notifications are checked by {@link WechatPayNotifications} with the same WeChat Pay public key: it checks, beyond
 * the SDK's NotificationParser, the signature's age, our merchant and our app.
 */
public class WechatPayGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(WechatPayGateway.class);
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String CURRENCY = "CNY";
    private static final Set<String> TRANSIENT_CODES = Set.of("SYSTEM_ERROR", "FREQUENCY_LIMITED", "BANK_ERROR", "STATEMENT_CREATING");

    private final WechatPayProperties merchant;
    private final CallbackUrls callbacks;
    private final WechatPayNotifications notifications;
    private final JsapiServiceExtension jsapi;
    private final RefundService refunds;
    private final BillDownloadServiceExtension bills;

    WechatPayGateway(WechatPayProperties merchant, WechatPayApiProperties api, PrivateKey merchantKey, PublicKey wechatPayKey,
                     CallbackUrls callbacks, JsonMapper json, Clock clock) {
        this.merchant = merchant;
        this.callbacks = callbacks;
        RSAPublicKeyConfig config = new RSAPublicKeyConfig.Builder()
                .merchantId(merchant.mchid())
                .privateKey(merchantKey)
                .merchantSerialNumber(api.merchantSerialNumber())
                .publicKey(wechatPayKey)
                .publicKeyId(api.publicKeyId())
                .apiV3Key(merchant.apiV3Key())
                .build();
        HttpClient http = new DefaultHttpClientBuilder().config(config).okHttpClient(WechatPayHttp.client(api)).build();
        this.jsapi = new JsapiServiceExtension.Builder().config(config).httpClient(http).build();
        this.refunds = new RefundService.Builder().config(config).httpClient(http).build();
        this.bills = new BillDownloadServiceExtension.Builder().config(config).httpClient(http).build();
        String keyId = api.publicKeyId();
        this.notifications = new WechatPayNotifications(merchant, serial -> keyId.equals(serial) ? wechatPayKey : null, json, clock);
    }

    @Override
    public Mono<PrepayParams> prepay(String paymentSn, long amount, String description, String payerOpenid, Instant expiresAt) {
        String notifyUrl = callbacks.paymentNotifyUrl();
        // the same out_trade_no with the same parameters gets the same prepay_id again: a retry opens nothing new
        return call("prepay " + paymentSn, Set.of(), () -> {
            PrepayRequest request = new PrepayRequest();
            request.setAppid(merchant.appid());
            request.setMchid(merchant.mchid());
            request.setDescription(description);
            request.setOutTradeNo(paymentSn);
            request.setTimeExpire(rfc3339(expiresAt));
            request.setNotifyUrl(notifyUrl);
            Amount total = new Amount();
            total.setTotal(Math.toIntExact(amount));
            total.setCurrency(CURRENCY);
            request.setAmount(total);
            Payer payer = new Payer();
            payer.setOpenid(payerOpenid);
            request.setPayer(payer);
            return jsapi.prepayWithRequestPayment(request);
        }).map(WechatPayGateway::params);
    }

    private static PrepayParams params(PrepayWithRequestPaymentResponse r) {
        String prepayId = r.getPackageVal().substring("prepay_id=".length());
        return new PrepayParams(prepayId, r.getAppId(), r.getTimeStamp(), r.getNonceStr(), r.getPackageVal(), r.getSignType(),
                r.getPaySign());
    }

    @Override
    public Mono<Void> refund(String refundSn, String paymentSn, long amount) {
        CreateRequest request = new CreateRequest();
        request.setOutTradeNo(paymentSn);
        request.setOutRefundNo(refundSn);
        request.setNotifyUrl(callbacks.refundNotifyUrl());
        AmountReq refund = new AmountReq();
        refund.setRefund(amount);
        refund.setTotal(amount); // a full refund: the payment's whole amount
        refund.setCurrency(CURRENCY);
        request.setAmount(refund);
        // idempotent on out_refund_no: asked again, WeChat answers with the refund it already has
        return call("refund " + refundSn, Set.of(), () -> refunds.create(request)).then();
    }

    @Override
    public Mono<GatewayNotice> verify(Map<String, String> headers, String body) {
        // RSA verification is CPU work: off the event loop
        return Mono.fromCallable(() -> notifications.verify(headers, body)).subscribeOn(Schedulers.parallel());
    }

    @Override
    public Mono<GatewayNotice.Transaction> query(String paymentSn) {
        QueryOrderByOutTradeNoRequest request = new QueryOrderByOutTradeNoRequest();
        request.setOutTradeNo(paymentSn);
        request.setMchid(merchant.mchid());
        return call("query " + paymentSn, Set.of("ORDER_NOT_EXIST"), () -> jsapi.queryOrderByOutTradeNo(request))
                .map(t -> transaction(paymentSn, t));
    }

    private GatewayNotice.Transaction transaction(String paymentSn, Transaction t) {
        if (!paymentSn.equals(t.getOutTradeNo()) || !merchant.mchid().equals(t.getMchid())
                || (t.getAppid() != null && !merchant.appid().equals(t.getAppid()))) {
            throw new UntrustedAnswerException("WeChat Pay answered the query of " + paymentSn + " with order " + t.getOutTradeNo()
                    + " of merchant " + t.getMchid() + " / app " + t.getAppid());
        }
        if (t.getTradeState() == null) {
            throw new IllegalStateException("WeChat Pay's answer for " + paymentSn + " has a trade_state this adapter does not know");
        }
        String state = t.getTradeState().name();
        Instant successTime = time(t.getSuccessTime());
        if ("SUCCESS".equals(state) && (successTime == null || t.getTransactionId() == null)) {
            throw new IllegalStateException("WeChat Pay says " + paymentSn + " is paid, without success_time or transaction_id");
        }
        if (t.getAmount() == null || t.getAmount().getTotal() == null) {
            // the ledger applies an answer only for the payment's exact amount: without one it could not be applied
            throw new IllegalStateException("WeChat Pay's answer for " + paymentSn + " (" + state + ") has no amount.total");
        }
        String currency = t.getAmount().getCurrency() == null ? CURRENCY : t.getAmount().getCurrency();
        return new GatewayNotice.Transaction(PaymentGateway.queriedId(paymentSn, state), paymentSn, nullToEmpty(t.getTransactionId()),
                t.getTradeType() == null ? "" : t.getTradeType().name(), state, nullToEmpty(t.getTradeStateDesc()),
                t.getAmount().getTotal(), currency, successTime);
    }

    @Override
    public Mono<Void> close(String paymentSn) {
        CloseOrderRequest request = new CloseOrderRequest();
        request.setOutTradeNo(paymentSn);
        request.setMchid(merchant.mchid());
        // ORDERPAID stays a refusal (the caller then asks what happened); a closed or unknown order is closed enough
        return call("close " + paymentSn, Set.of("ORDER_NOT_EXIST", "ORDER_CLOSED"), () -> {
            jsapi.closeOrder(request);
            return Boolean.TRUE;
        }).then();
    }

    @Override
    public Mono<GatewayNotice.Refund> queryRefund(String refundSn) {
        QueryByOutRefundNoRequest request = new QueryByOutRefundNoRequest();
        request.setOutRefundNo(refundSn);
        return call("query refund " + refundSn, Set.of("RESOURCE_NOT_EXISTS"), () -> refunds.queryByOutRefundNo(request))
                .map(r -> refund(refundSn, r));
    }

    private static GatewayNotice.Refund refund(String refundSn, Refund r) {
        if (!refundSn.equals(r.getOutRefundNo())) {
            throw new UntrustedAnswerException("WeChat Pay answered the query of refund " + refundSn + " with " + r.getOutRefundNo());
        }
        if (r.getStatus() == null || r.getAmount() == null || r.getAmount().getRefund() == null) {
            throw new IllegalStateException("WeChat Pay's answer for refund " + refundSn + " has no status it knows or no amount.refund");
        }
        String status = r.getStatus().name();
        return new GatewayNotice.Refund(PaymentGateway.queriedId(refundSn, status), refundSn, nullToEmpty(r.getOutTradeNo()),
                nullToEmpty(r.getRefundId()), status, r.getAmount().getRefund(), time(r.getSuccessTime()));
    }

    /**
     * The day's bill (WeChat's days are China's calendar days), ready after 10:00 the next day. A day without any
     * payment or refund has no bill (NO_STATEMENT_EXIST): nothing to compare. The download carries no signature; its
     * SHA-1, given in the signed answer that names it, is checked once read.
     */
    @Override
    public Flux<BillLine> tradeBill(LocalDate day) {
        GetTradeBillRequest request = new GetTradeBillRequest();
        request.setBillDate(day.toString());
        request.setBillType(BillType.ALL);
        return call("trade bill of " + day, Set.of("NO_STATEMENT_EXIST"), () -> {
            DigestBillEntity bill = bills.getTradeBill(request);
            String text;
            try (InputStream in = bill.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new HttpException("reading the trade bill of " + day, e);
            }
            if (!bill.verifyHash()) {
                throw unavailable("the trade bill of " + day + " does not match its SHA-1: cut off or altered on the way", null);
            }
            return TradeBillCsv.parse(text, merchant.appid());
        }).flatMapMany(Flux::fromIterable);
    }

    /**
     * One SDK call off the event loop, its failures translated. An answer whose code is in {@code absent} (WeChat's
     * "no such thing") completes empty.
     */
    private <T> Mono<T> call(String what, Set<String> absent, Callable<T> sdk) {
        return Mono.fromCallable(() -> {
                    try {
                        return sdk.call();
                    } catch (ServiceException e) {
                        if (absent.contains(e.getErrorCode())) {
                            return null;
                        }
                        throw e;
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> translate(what, e));
    }

    private static Throwable translate(String what, Throwable e) {
        if (e instanceof ServiceException s) {
            String code = s.getErrorCode() == null ? "HTTP_" + s.getHttpStatusCode() : s.getErrorCode();
            String said = what + ": WeChat Pay answered " + s.getHttpStatusCode() + " " + code + " " + nullToEmpty(s.getErrorMessage());
            if (s.getHttpStatusCode() >= 500 || s.getHttpStatusCode() == 429 || TRANSIENT_CODES.contains(code)) {
                return unavailable(said, e);
            }
            return new GatewayRefusedException(code, said);
        }
        if (e instanceof HttpException) {
            return unavailable(what + ": WeChat Pay could not be reached (" + rootMessage(e) + ")", e);
        }
        if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
            // the SDK's answer checks: a signature that does not verify, or a timestamp missing, malformed or 5 minutes off
            log.error("{}: WeChat Pay's answer failed verification: {}", what, firstLine(e.getMessage()));
            return new UntrustedAnswerException(what + ": the answer failed WeChat Pay signature verification (" + rootMessage(e) + ")", e);
        }
        return e;
    }

    private static DependencyUnavailableException unavailable(String message, Throwable cause) {
        DependencyUnavailableException unavailable = new DependencyUnavailableException(message);
        if (cause != null) {
            unavailable.initCause(cause);
        }
        return unavailable;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + (message.length() > 300 ? message.substring(0, 300) : message));
    }

    private static String rfc3339(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(CHINA));
    }

    private static Instant time(String rfc3339) {
        return rfc3339 == null || rfc3339.isBlank() ? null : OffsetDateTime.parse(rfc3339).toInstant();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** An answer that is not WeChat Pay's (its signature does not verify) or not about what was asked: never applied. */
    public static class UntrustedAnswerException extends RuntimeException {

        UntrustedAnswerException(String message) {
            super(message);
        }

        UntrustedAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
