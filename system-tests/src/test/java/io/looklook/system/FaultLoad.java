package io.looklook.system;

import io.looklook.testsupport.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A steady mixed load, as clients would send it, one attempt per step (a step that fails is not retried beyond what
 * a client app would do, and is then simply not acknowledged): an order placed every {@code interval} on one of the
 * order-service instances; half of them paid in the sandbox a few seconds later, a few paid at their deadline (the
 * pay-versus-close race), the rest left to close. What the API acknowledged is recorded for the checker.
 */
final class FaultLoad implements AutoCloseable {

    enum Plan { PAY, RACE, LEAVE_UNPAID }

    /** An order the API acknowledged (200 with its sn), and whether its payment was acknowledged too. */
    static final class Placed {
        final String sn;
        final long user;
        final Instant placedAt;
        final Plan plan;
        volatile boolean payAcknowledged;

        Placed(String sn, long user, Instant placedAt, Plan plan) {
            this.sn = sn;
            this.user = user;
            this.placedAt = placedAt;
            this.plan = plan;
        }
    }

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final LooklookStack stack;
    private final long homestay;
    private final LongSupplier users;
    private final Duration closeAfter;
    private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(8, r -> {
        Thread t = new Thread(r, "fault-load");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger payAttempts = new AtomicInteger();
    /** Which instance a payment call goes to first. */
    private final AtomicInteger next = new AtomicInteger();
    private volatile Instant lastPlacedAt = Instant.EPOCH;
    /** Whether the clients go through the gateway (as looklook's do) rather than to the instances themselves. */
    private volatile boolean viaGateway;
    private final AtomicInteger gatewayRequests = new AtomicInteger();
    private final AtomicInteger gateway503s = new AtomicInteger();
    /** What a client must never see from the gateway: no answer (a reset, a cut), or a 5xx other than 503's envelope. */
    private final ConcurrentLinkedQueue<String> gatewayBadAnswers = new ConcurrentLinkedQueue<>();
    private volatile java.util.concurrent.ScheduledFuture<?> placing;

    FaultLoad(LooklookStack stack, long homestay, LongSupplier users, Duration closeAfter) {
        this.stack = stack;
        this.homestay = homestay;
        this.users = users;
        this.closeAfter = closeAfter;
    }

    void start(Duration interval) {
        placing = clients.scheduleAtFixedRate(this::placeOne, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No new orders from now on; the payments already planned still run. */
    void stopPlacing() {
        placing.cancel(false);
    }

    /** Whether nothing is planned or running any more. */
    boolean idle() {
        return ((java.util.concurrent.ThreadPoolExecutor) clients).getQueue().isEmpty()
                && ((java.util.concurrent.ThreadPoolExecutor) clients).getActiveCount() == 0;
    }

    List<Placed> placed() {
        return List.copyOf(placed);
    }

    int attempts() {
        return attempts.get();
    }

    int refused() {
        return refused.get();
    }

    int payAttempts() {
        return payAttempts.get();
    }

    /** From now on every client request goes through the gateway (or, with false, to the instances again). */
    void viaGateway(boolean through) {
        viaGateway = through;
    }

    int gatewayRequests() {
        return gatewayRequests.get();
    }

    int gateway503s() {
        return gateway503s.get();
    }

    List<String> gatewayBadAnswers() {
        return List.copyOf(gatewayBadAnswers);
    }

    /** When the API last acknowledged an order: a fault's recovery shows as the first placement after it. */
    Instant lastPlacedAt() {
        return lastPlacedAt;
    }

    private void placeOne() {
        int n = attempts.incrementAndGet();
        long user = users.getAsLong();
        long start = LocalDate.now(SHANGHAI).plusDays(1).atTime(12, 0).atZone(SHANGHAI).toEpochSecond();
        String body = "{\"homestayId\":" + homestay + ",\"isFood\":false,\"liveStartTime\":" + start + ",\"liveEndTime\":"
                + (start + 86_400) + ",\"livePeopleNum\":1,\"remark\":\"fault suite\"}";
        Map<String, Object> answer = post(stack.orders, n, "/order/v1/homestayOrder/createHomestayOrder", user, body);
        if (!ok(answer)) {
            refused.incrementAndGet();
            return;
        }
        Instant now = Instant.now();
        lastPlacedAt = now;
        int roll = ThreadLocalRandom.current().nextInt(100);
        Plan plan = roll < 50 ? Plan.PAY : roll < 56 ? Plan.RACE : Plan.LEAVE_UNPAID;
        Placed order = new Placed((String) LooklookStack.data(answer).get("orderSn"), user, now, plan);
        placed.add(order);
        if (plan == Plan.PAY) {
            clients.schedule(() -> pay(order, Duration.ZERO), 1 + ThreadLocalRandom.current().nextInt(4), TimeUnit.SECONDS);
        } else if (plan == Plan.RACE) {
            // the payment is opened early; the payer pays a moment before the deadline, while the close is on its way
            Duration untilDeadline = closeAfter.minusMillis(ThreadLocalRandom.current().nextInt(50, 400));
            clients.schedule(() -> pay(order, untilDeadline), 1, TimeUnit.SECONDS);
        }
    }

    /** Opens the payment (retried while payment-service has not heard of the order yet), then pays it. */
    private void pay(Placed order, Duration payAtAfterPlacement) {
        payAttempts.incrementAndGet();
        openPayment(order, order.placedAt.plus(payAtAfterPlacement), Instant.now().plusSeconds(60));
    }

    private void openPayment(Placed order, Instant payAt, Instant giveUpAt) {
        Map<String, Object> prepay = post(stack.payments, next.incrementAndGet(), "/payment/v1/thirdPayment/thirdPaymentWxPay",
                order.user,
                Map.of("orderSn", order.sn, "serviceType", "homestayOrder"));
        if (ok(prepay)) {
            String prepayId = ((String) LooklookStack.data(prepay).get("package")).substring("prepay_id=".length());
            long wait = Math.max(0, Duration.between(Instant.now(), payAt).toMillis());
            clients.schedule(() -> payInSandbox(order, prepayId, 1), wait, TimeUnit.MILLISECONDS);
        } else if (!isRefusal(prepay) && Instant.now().isBefore(giveUpAt)) {
            // "does not exist" yet, or 503: the client app tries again shortly
            clients.schedule(() -> openPayment(order, payAt, giveUpAt), 500, TimeUnit.MILLISECONDS);
        }
        // else: refused (the deadline passed while the order was on its way, say): a payment that was never possible
    }

    private void payInSandbox(Placed order, String prepayId, int attempt) {
        Map<String, Object> paid = post(stack.payments, next.incrementAndGet(), "/payment/v1/sandbox/pay", order.user,
                Map.of("prepayId", prepayId, "success", true));
        if (ok(paid)) {
            order.payAcknowledged = true;
        } else if (attempt < 3) {
            clients.schedule(() -> payInSandbox(order, prepayId, attempt + 1), 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends to the instances in turn from {@code n}, as a load balancer would: an instance that refuses the connection
     * (down, nothing sent) is skipped for the next; any other failure is the answer.
     */
    private Map<String, Object> post(List<ServiceProcess> instances, int n, String route, long user, Object body) {
        if (viaGateway) {
            return throughGateway(route, user, body);
        }
        RuntimeException failure = null;
        for (int i = 0; i < instances.size(); i++) {
            try {
                return stack.post(instances.get(Math.floorMod(n + i, instances.size())), route, user, body);
            } catch (RuntimeException e) {
                failure = e;
                if (!(e.getCause() instanceof java.net.ConnectException)) {
                    break;
                }
            }
        }
        return Map.of("code", -1, "msg", String.valueOf(failure)); // connection refused, reset, timed out: no answer
    }

    /** One attempt through the gateway; its answer, every bad one recorded (with the route and what came back). */
    private Map<String, Object> throughGateway(String route, long user, Object body) {
        gatewayRequests.incrementAndGet();
        try {
            LooklookStack.Answer answer = stack.send(stack.gateway.baseUrl(), route, stack.token(user), body);
            boolean envelope = answer.body().get("code") instanceof Integer;
            if (answer.status() == 503 && envelope) {
                gateway503s.incrementAndGet();
            } else if (answer.status() >= 500 || !envelope) {
                gatewayBadAnswers.add(Instant.now() + " " + route + ": " + answer.status() + " " + answer.body());
            }
            return envelope ? answer.body() : Map.of("code", -1, "msg", "HTTP " + answer.status());
        } catch (RuntimeException e) {
            gatewayBadAnswers.add(Instant.now() + " " + route + ": no answer: " + e.getCause());
            return Map.of("code", -1, "msg", String.valueOf(e));
        }
    }

    private static boolean ok(Map<String, Object> answer) {
        return Integer.valueOf(200).equals(answer.get("code"));
    }

    /**
     * An answer that retrying will not change: bad state (closed, expired) or forbidden; not "does not exist yet"
     * (the order, or the user's WeChat sign-in, not yet in payment-service's views).
     */
    private static boolean isRefusal(Map<String, Object> answer) {
        Object code = answer.get("code");
        return code instanceof Integer c && c != 200 && c != 100007 && c != 100012 && c != 100001 && c != 100005 && c != -1;
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
