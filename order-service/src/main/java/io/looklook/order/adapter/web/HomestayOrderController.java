package io.looklook.order.adapter.web;

import io.looklook.order.adapter.web.OrderRequests.CreateHomestayOrderReq;
import io.looklook.order.adapter.web.OrderRequests.UserHomestayOrderDetailReq;
import io.looklook.order.adapter.web.OrderRequests.UserHomestayOrderListReq;
import io.looklook.order.adapter.web.OrderViews.CreateHomestayOrderResp;
import io.looklook.order.adapter.web.OrderViews.ListResp;
import io.looklook.order.adapter.web.OrderViews.UserHomestayOrderDetailView;
import io.looklook.order.adapter.web.OrderViews.UserHomestayOrderListView;
import io.looklook.order.application.OrderSettings;
import io.looklook.order.application.PlaceOrder;
import io.looklook.order.application.ShowOrders;
import io.looklook.order.domain.OrderRequest;
import io.looklook.order.domain.TradeState;
import io.looklook.platform.error.BusinessException;
import io.looklook.platform.security.CurrentUser;
import io.looklook.platform.web.ApiResponse;
import io.looklook.platform.web.RunToCompletion;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** looklook order-api {@code /order/v1/homestayOrder/*}; every route needs a user's JWT and acts on that user only. */
@RestController
@RequestMapping(path = "/order/v1/homestayOrder")
public class HomestayOrderController {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final PlaceOrder placeOrder;
    private final ShowOrders showOrders;
    private final OrderSettings settings;

    public HomestayOrderController(PlaceOrder placeOrder, ShowOrders showOrders, OrderSettings settings) {
        this.placeOrder = placeOrder;
        this.showOrders = showOrders;
        this.settings = settings;
    }

    /** With an {@code Idempotency-Key} header (1-128 visible ASCII characters), a repeated request gets the same sn. */
    @PostMapping("/createHomestayOrder")
    public Mono<ApiResponse<CreateHomestayOrderResp>> create(@AuthenticationPrincipal Jwt jwt,
                                                             @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                                             @Valid @RequestBody CreateHomestayOrderReq req) {
        if (key != null && !key.matches("[\\x21-\\x7e]{1,128}")) {
            return Mono.error(BusinessException.invalidParameter(IDEMPOTENCY_KEY + " must be 1-128 visible ASCII characters"));
        }
        OrderRequest request = new OrderRequest(req.homestayId(), req.isFood(), req.liveStartTime(), req.liveEndTime(),
                req.livePeopleNum(), req.remark());
        // a placement cut by the deadline or a hang-up would stop between its statements: it finishes instead
        return RunToCompletion.of(Mono.defer(() -> placeOrder.place(CurrentUser.id(jwt), request, key)))
                .map(sn -> ApiResponse.ok(new CreateHomestayOrderResp(sn)));
    }

    @PostMapping("/userHomestayOrderList")
    public Mono<ApiResponse<ListResp>> list(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody UserHomestayOrderListReq req) {
        long state = req.tradeState();
        if (state != TradeState.ALL && !TradeState.isValid(state)) {
            return Mono.error(BusinessException.invalidParameter("tradeState must be -99 (all) or one of -1..4"));
        }
        Integer filter = state == TradeState.ALL ? null : (int) state;
        return showOrders.list(CurrentUser.id(jwt), req.lastId(), req.pageSize().intValue(), filter)
                .map(orders -> ApiResponse.ok(new ListResp(orders.stream()
                        .map(o -> UserHomestayOrderListView.of(o, settings.zone())).toList())));
    }

    @PostMapping("/userHomestayOrderDetail")
    public Mono<ApiResponse<UserHomestayOrderDetailView>> detail(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody UserHomestayOrderDetailReq req) {
        return showOrders.detail(CurrentUser.id(jwt), req.sn())
                .map(o -> ApiResponse.ok(UserHomestayOrderDetailView.of(o, settings.zone())));
    }
}
